// Node-to-node calls in a cluster: a node forwards a call that needs an instance's live connection to
// the node that holds it. Authenticated by the cluster secret (the instance token was checked already
// by the node the client called); without the secret these routes do not exist.

import type { FastifyInstance } from 'fastify';
import { WaypostError, isWaypostError } from '../core/errors.js';
import { secretsEqual } from '../core/ids.js';
import { ownerActions as actions, type OwnerAction, type OwnerCalls } from '../cluster/ownership.js';
import type { InstanceService } from '../instances/instance-service.js';

const secretHeader = 'x-waypost-cluster-secret';

type Answer = { result: unknown } | { error: { code: string; message: string } };

export function registerClusterRoutes(app: FastifyInstance, deps: { instances: InstanceService; clusterSecret: string }): void {
  app.post<{ Params: { idInstance: string; action: string } }>('/cluster/instances/:idInstance/:action', async (request, reply) => {
    const given = request.headers[secretHeader];
    const action = actions.find((a) => a === request.params.action);
    if (typeof given !== 'string' || !secretsEqual(given, deps.clusterSecret) || !action || !/^\d{1,10}$/.test(request.params.idInstance)) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'no such endpoint' } });
    }
    const body = (request.body as { body?: unknown } | undefined)?.body ?? null;
    try {
      return { result: (await deps.instances.actAsOwner(Number(request.params.idInstance), action, body)) ?? null } satisfies Answer;
    } catch (error) {
      if (!isWaypostError(error)) throw error;
      return { error: { code: error.code, message: error.message } } satisfies Answer;
    }
  });
}

/** Calls the owning node over HTTP; its errors come back as the same WaypostErrors. */
export function createHttpOwnerCalls(clusterSecret: string, timeoutMs = 15_000): OwnerCalls {
  return {
    async call(owner, idInstance, action, body) {
      let answer: Answer;
      try {
        const response = await fetch(`${owner.url}/cluster/instances/${idInstance}/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [secretHeader]: clusterSecret },
          body: JSON.stringify({ body }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        answer = (await response.json()) as Answer;
        if (!response.ok && !('error' in answer)) throw new Error(`HTTP ${response.status}`);
      } catch {
        throw new WaypostError('owner_unreachable', `the node holding instance ${idInstance} does not answer: try again in a few seconds`);
      }
      if ('error' in answer) throw new WaypostError(answer.error.code as WaypostError['code'], answer.error.message);
      return answer.result;
    },
  };
}
