// Runs the real `waypost` command (bin/waypost.js over the build in dist/, exactly what users run) as a
// child process for end-to-end tests. scripts/run-tests.mjs builds before testing.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const binScript = fileURLToPath(new URL('../../bin/waypost.js', import.meta.url));

export interface RunningWaypost {
  process: ChildProcess;
  output: () => string;
  url: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `waypost <args>` and waits for its "listening on URL" line. */
function startChild(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [binScript, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const captured = { text: '' };
  child.stdout?.on('data', (chunk) => (captured.text += chunk));
  child.stderr?.on('data', (chunk) => (captured.text += chunk));
  return { child, captured };
}

export async function spawnWaypost(args: string[], env: Record<string, string> = {}): Promise<RunningWaypost> {
  const { child, captured } = startChild(args, env);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`waypost exited with ${child.exitCode}: ${captured.text}`);
      return /is listening on (http:\/\/[^\s]+)/.exec(captured.text)?.[1];
    },
    { timeoutMs: 30_000, what: `waypost ${args.join(' ')} to listen` },
  );
  return {
    process: child,
    output: () => captured.text,
    url,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `waypost <args>` to completion. */
export async function runWaypost(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const { child, captured } = startChild(args, env);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output: captured.text };
}

export async function http(url: string, verb = 'GET', body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: verb,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}
