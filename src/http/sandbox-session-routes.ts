// The session side of a standalone sandbox, for gateways that reach it through WAYPOST_SANDBOX_URL:
// a long-lived NDJSON stream carries the network's events to the linked device; plain calls do the rest.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validationError } from '../core/errors.js';
import type { SandboxNetwork } from '../sandbox/sandbox-network.js';
import type { NetworkEvent, NetworkOutgoing } from '../sandbox/sandbox-types.js';
import { SandboxUnavailableError } from '../sandbox/sandbox-types.js';

type SessionRequest = FastifyRequest<{ Params: { sessionId: string } }>;

export function registerSandboxSessionRoutes(app: FastifyInstance, network: SandboxNetwork): void {
  // Event streams never end by themselves: closing the server ends them, or it would wait on them.
  const streams = new Set<{ end(): void }>();
  app.addHook('preClose', async () => streams.forEach((stream) => stream.end()));

  app.post('/sandbox/sessions/:sessionId/connect', async (request: SessionRequest, reply: FastifyReply) => {
    const { sessionId } = request.params;
    const deviceToken = stringField(request.body, 'deviceToken', true);
    const raw = reply.raw;
    const write = (line: unknown) => raw.writableEnded || raw.write(JSON.stringify(line) + '\n');
    const onEvent = (event: NetworkEvent) => {
      write(event);
      if (event.type === 'dropped' || event.type === 'replaced') raw.end();
    };
    let result;
    try {
      result = await network.connect(sessionId, deviceToken, onEvent);
    } catch (error) {
      if (error instanceof SandboxUnavailableError) return reply.code(503).send({ statusCode: 503, message: error.message });
      throw error;
    }
    reply.hijack();
    raw.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    write({ type: 'connected', result });
    streams.add(raw);
    raw.on('close', () => {
      streams.delete(raw);
      network.detach(sessionId, onEvent);
    });
  });

  app.post('/sandbox/sessions/:sessionId/qr', async (request: SessionRequest, reply) =>
    unavailableAs503(reply, async () => ({ qr: await network.qr(request.params.sessionId) })),
  );

  app.post('/sandbox/sessions/:sessionId/code', async (request: SessionRequest, reply) =>
    unavailableAs503(reply, async () => ({
      code: await network.pairingCode(request.params.sessionId, stringField(request.body, 'phone') as string),
    })),
  );

  app.post('/sandbox/sessions/:sessionId/send', async (request: SessionRequest) => ({
    result: await network.send(request.params.sessionId, stringField(request.body, 'connection') as string, parseOutgoing(request.body)),
  }));

  app.post('/sandbox/sessions/:sessionId/read', async (request: SessionRequest) => {
    const ids = (request.body as { idMessages?: unknown })?.idMessages;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw validationError("'idMessages' must be an array of message ids");
    const { sessionId } = request.params;
    await network.markRead(sessionId, stringField(request.body, 'connection') as string, stringField(request.body, 'chatId') as string, ids as string[]);
    return { done: true };
  });

  app.post('/sandbox/sessions/:sessionId/check', async (request: SessionRequest) => ({
    result: await network.checkNumber(request.params.sessionId, stringField(request.body, 'connection') as string, stringField(request.body, 'phone') as string),
  }));

  app.post('/sandbox/sessions/:sessionId/chat-state', async (request: SessionRequest) => {
    const state = stringField(request.body, 'state');
    if (state !== 'typing' && state !== 'archived') throw validationError("'state' must be \"typing\" or \"archived\"");
    const connection = stringField(request.body, 'connection') as string;
    await network.chatState(request.params.sessionId, connection, stringField(request.body, 'chatId') as string, state);
    return { done: true };
  });

  app.post('/sandbox/sessions/:sessionId/logout', async (request: SessionRequest) => {
    await network.logout(request.params.sessionId);
    return { loggedOut: true };
  });
}

async function unavailableAs503(reply: FastifyReply, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SandboxUnavailableError) return reply.code(503).send({ statusCode: 503, message: error.message });
    throw error;
  }
}

function stringField(body: unknown, field: string, nullable = false): string | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  if (nullable && (value === undefined || value === null)) return null;
  if (typeof value !== 'string') throw validationError(`'${field}' must be a string`);
  return value;
}

function parseOutgoing(body: unknown): NetworkOutgoing {
  for (const field of ['idMessage', 'chatId', 'type', 'text']) stringField(body, field);
  const buttons = (body as Record<string, unknown>).buttons;
  if (buttons !== undefined && !Array.isArray(buttons)) throw validationError("'buttons' must be an array");
  return body as NetworkOutgoing;
}
