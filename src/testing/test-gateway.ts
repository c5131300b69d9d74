// A whole gateway for HTTP tests: a temporary data directory, captured logs, the embedded sandbox, and
// helpers to call instance methods and link a sandbox phone through the public APIs only.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createGateway, type Gateway } from '../app.js';
import { loadConfig, type Config } from '../config/config.js';
import { systemClock } from '../core/clock.js';
import type { Instance } from '../instances/instance.js';
import type { WaSocketFactory } from '../transports/whatsapp-web/wa-socket.js';
import { decodeQrPng } from './decode-qr.js';
import { waitFor } from './wait-for.js';

export interface TestGateway {
  gateway: Gateway;
  instance: Instance;
  logs: string[];
  dataDir: string;
  call(method: string, options?: CallOptions): Promise<{ status: number; body: any; text: string }>;
  request(verb: string, url: string, payload?: unknown): Promise<{ status: number; body: any; text: string }>;
  link(phone: string, instance?: Instance): Promise<void>;
  /** Polls and deletes notifications (as a bot would) until `done` holds for all received so far. */
  receiveUntil(done: (bodies: any[]) => boolean, instance?: Instance): Promise<any[]>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface CallOptions {
  verb?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  instance?: Instance;
  token?: string;
  query?: string;
}

export async function startTestGateway(
  argv: string[] = [],
  options: { dataDir?: string; waSocketFactory?: WaSocketFactory } = {},
): Promise<TestGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'waypost-test-'));
  const logs: string[] = [];
  const config: Config = loadConfig(['--data-dir', dataDir, '--partner-token', 'partner-token-for-tests', '--log-level', 'debug', ...argv], {});
  let gateway = await boot();
  const instance = (await gateway.instances.list())[0] ?? (await gateway.instances.create({ name: 'test' }));

  async function boot(): Promise<Gateway> {
    const logger = pino({ level: config.logLevel }, { write: (line: string) => void logs.push(line) });
    const created = await createGateway(config, {
      logger,
      clock: systemClock,
      ...(options.waSocketFactory ? { waSocketFactory: options.waSocketFactory } : {}),
    });
    await created.start();
    await created.http.ready();
    return created;
  }

  const request: TestGateway['request'] = async (verb, url, payload) => {
    const response = await gateway.http.inject({
      method: verb as 'GET',
      url,
      ...(payload !== undefined ? { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } } : {}),
    });
    return { status: response.statusCode, body: parse(response.body), text: response.body };
  };

  const harness: TestGateway = {
    get gateway() {
      return gateway;
    },
    instance,
    logs,
    dataDir,
    async call(method, o = {}) {
      const target = o.instance ?? instance;
      const url = `/waInstance${target.idInstance}/${method}/${o.token ?? target.apiToken}${o.query ?? ''}`;
      const verb = o.verb ?? (o.body !== undefined || o.rawBody !== undefined ? 'POST' : 'GET');
      const response = await gateway.http.inject({
        method: verb,
        url,
        ...(o.rawBody !== undefined ? { payload: o.rawBody } : o.body !== undefined ? { payload: JSON.stringify(o.body) } : {}),
        headers: { 'content-type': 'application/json', ...(o.headers ?? {}) },
      });
      return { status: response.statusCode, body: parse(response.body), text: response.body };
    },
    request,
    async link(phone, target = instance) {
      const qr = await waitFor(async () => {
        const answer = await harness.call('qr', { instance: target });
        return answer.body?.type === 'qrCode' ? (answer.body.message as string) : undefined;
      }, { what: 'a QR code' });
      const linked = await request('POST', '/sandbox/link', { phone, qr: decodeQrPng(qr) });
      if (linked.status !== 200) throw new Error(`link failed: ${linked.text}`);
      await waitFor(async () => (await harness.call('getStateInstance', { instance: target })).body.stateInstance === 'authorized', {
        what: 'the instance to be authorized',
      });
    },
    async receiveUntil(done, target = instance) {
      const bodies: any[] = [];
      const deadline = Date.now() + 20_000;
      while (!done(bodies)) {
        if (Date.now() > deadline) throw new Error(`notifications so far: ${JSON.stringify(bodies.map((b) => b.typeWebhook))}`);
        const answer = await harness.call('receiveNotification', { instance: target, query: '?receiveTimeout=5' });
        if (answer.status !== 200) throw new Error(`receiveNotification answered ${answer.status}: ${answer.text}`);
        if (answer.body === null) continue;
        bodies.push(answer.body.body);
        await harness.call(`deleteNotification`, { instance: target, verb: 'DELETE', token: `${target.apiToken}/${answer.body.receiptId}` });
      }
      return bodies;
    },
    async restart() {
      await gateway.stop();
      gateway = await boot();
    },
    async close() {
      await gateway.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
