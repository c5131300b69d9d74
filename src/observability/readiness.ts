// Whether this node should get traffic (GET /ready): it has started, its database takes a write, and, in
// a cluster, it holds its lease. Each check says in words what is wrong, for the operator reading it.

import { isWaypostError } from '../core/errors.js';

export interface ReadinessSources {
  started: () => boolean;
  pingStore: () => Promise<void>;
  /** Whether this node holds its cluster lease; null when it is not in a cluster. */
  leaseHeld: () => boolean | null;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

const storeTimeoutMs = 2_000;

export async function checkReadiness(sources: ReadinessSources): Promise<Readiness> {
  const checks: Record<string, string> = {};
  checks.started = sources.started() ? 'ok' : 'starting: the queue is being scanned and sessions opened';
  checks.store = await pingWithin(sources.pingStore, storeTimeoutMs);
  const lease = sources.leaseHeld();
  if (lease !== null) checks.cluster = lease ? 'ok' : 'this node does not hold its cluster lease (the database is slow or unreachable)';
  return { ready: Object.values(checks).every((check) => check === 'ok'), checks };
}

async function pingWithin(ping: () => Promise<void>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the database did not answer within ${timeoutMs / 1000} s`), timeoutMs);
  });
  try {
    const answer = ping().then(
      () => 'ok',
      (error) => (isWaypostError(error) ? error.message : `the database cannot be reached: ${(error as Error).message}`),
    );
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
