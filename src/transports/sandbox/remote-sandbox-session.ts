// Reaches a standalone sandbox (`waypost sandbox --port P`) over HTTP: the same SandboxSessionApi as the
// embedded network, with the session's events read from a long-lived NDJSON stream.

import { SandboxUnavailableError, type ConnectResult, type NetworkEvent, type NetworkOutgoing, type NetworkSendResult, type SandboxSessionApi } from '../../sandbox/sandbox-types.js';

export function createRemoteSandboxSession(baseUrl: string): SandboxSessionApi {
  const streams = new Map<string, AbortController>();
  const url = (sessionId: string, action: string) => `${baseUrl}/sandbox/sessions/${encodeURIComponent(sessionId)}/${action}`;

  async function post(sessionId: string, action: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url(sessionId, action), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw new SandboxUnavailableError(`cannot reach the sandbox at ${baseUrl}: ${(error as Error).message}`);
    }
    if (response.status === 503) throw new SandboxUnavailableError(((await response.json()) as { message: string }).message);
    if (!response.ok && action !== 'connect') throw new Error(`sandbox answered ${response.status} to ${action}`);
    return response;
  }

  async function call<T>(sessionId: string, action: string, body: unknown): Promise<T> {
    return (await (await post(sessionId, action, body)).json()) as T;
  }

  return {
    async connect(sessionId, deviceToken, onEvent): Promise<ConnectResult> {
      streams.get(sessionId)?.abort();
      const controller = new AbortController();
      streams.set(sessionId, controller);
      const response = await post(sessionId, 'connect', { deviceToken }, controller.signal);
      if (!response.ok || !response.body) throw new SandboxUnavailableError(`sandbox answered ${response.status}`);
      const lines = readLines(response.body);
      const first = await lines.next();
      const hello = first.done ? undefined : (JSON.parse(first.value) as { type: string; result: ConnectResult });
      if (!hello || hello.type !== 'connected') throw new SandboxUnavailableError('the sandbox closed the session at once');
      void pump(lines, onEvent, controller);
      return hello.result;
    },

    async disconnect(sessionId) {
      streams.get(sessionId)?.abort();
      streams.delete(sessionId);
    },

    qr: async (sessionId) => (await call<{ qr: string }>(sessionId, 'qr', {})).qr,
    pairingCode: async (sessionId, phone) => (await call<{ code: string }>(sessionId, 'code', { phone })).code,
    async send(sessionId, connection, message: NetworkOutgoing): Promise<NetworkSendResult> {
      return (await call<{ result: NetworkSendResult }>(sessionId, 'send', { ...message, connection })).result;
    },
    async markRead(sessionId, connection, chatId, idMessages) {
      await call(sessionId, 'read', { connection, chatId, idMessages });
    },
    checkNumber: async (sessionId, connection, phone) =>
      (await call<{ result: { exists: boolean } | 'notConnected' }>(sessionId, 'check', { connection, phone })).result,
    async chatState(sessionId, connection, chatId, state) {
      await call(sessionId, 'chat-state', { connection, chatId, state });
    },
    async logout(sessionId) {
      await call(sessionId, 'logout', {});
    },
  };
}

/** Delivers the stream's events; a stream that ends without our asking is a dropped connection. */
async function pump(lines: AsyncGenerator<string>, onEvent: (event: NetworkEvent) => void, controller: AbortController) {
  let droppedSeen = false;
  try {
    for await (const line of lines) {
      const event = JSON.parse(line) as NetworkEvent;
      if (event.type === 'dropped' || event.type === 'replaced') droppedSeen = true;
      onEvent(event);
    }
  } catch {
    // Aborted by disconnect(), or the connection broke: told below.
  }
  if (!controller.signal.aborted && !droppedSeen) onEvent({ type: 'dropped' });
}

async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield line;
      newline = buffered.indexOf('\n');
    }
  }
}
