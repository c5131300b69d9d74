// The sandbox's control API (what a test or a developer does as the phones): link, read what a phone
// received, tap a button, send from a phone, unlink, inject faults. Served on the gateway's port when
// the sandbox is embedded, on the sandbox's own port when it runs alone.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationError } from '../core/errors.js';
import { asJsonObject } from '../core/json-object.js';
import type { SandboxNetwork } from '../sandbox/sandbox-network.js';

type PhoneRequest = FastifyRequest<{ Params: { phone: string } }>;

export function registerSandboxRoutes(app: FastifyInstance, network: SandboxNetwork): void {
  app.post('/sandbox/link', async (request) => {
    const body = asJsonObject(request.body);
    return network.link({
      phone: body.phone as string,
      ...(body.qr !== undefined ? { qr: body.qr as string } : {}),
      ...(body.code !== undefined ? { code: body.code as string } : {}),
    });
  });

  app.get('/sandbox/phones/:phone/messages', async (request: PhoneRequest) => network.messagesOf(request.params.phone));
  app.get('/sandbox/phones/:phone/sent', async (request: PhoneRequest) => network.sentFrom(request.params.phone));
  app.get('/sandbox/phones/:phone/archived', async (request: PhoneRequest) => network.archivedChatsOf(request.params.phone));

  app.post('/sandbox/phones/:phone/tap', async (request: PhoneRequest) => {
    const body = asJsonObject(request.body);
    network.tap(request.params.phone, { idMessage: body.idMessage, buttonId: body.buttonId, name: body.name });
    return { tapped: true };
  });

  // A phone may send a file (base64 in the JSON): up to the size of WhatsApp's largest documents.
  app.post('/sandbox/phones/:phone/send', { bodyLimit: sandboxFileBodyLimit }, async (request: PhoneRequest) => {
    const body = asJsonObject(request.body);
    return network.sendFromPhone(request.params.phone, body);
  });

  app.post('/sandbox/phones/:phone/vote', async (request: PhoneRequest) => {
    const body = asJsonObject(request.body);
    return network.vote(request.params.phone, { idMessage: body.idMessage, options: body.options });
  });
  app.post('/sandbox/phones/:phone/edit', async (request: PhoneRequest) => {
    const body = asJsonObject(request.body);
    return network.changeSent(request.params.phone, { idMessage: body.idMessage, text: body.text }, false);
  });
  app.post('/sandbox/phones/:phone/delete', async (request: PhoneRequest) =>
    network.changeSent(request.params.phone, { idMessage: asJsonObject(request.body).idMessage }, true),
  );

  app.post('/sandbox/phones/:phone/unlink', async (request: PhoneRequest) => network.unlink(request.params.phone));

  app.get('/sandbox/faults', async () => network.getFaults());
  app.post('/sandbox/faults', async (request) => network.setFaults(parseFaults(request.body)));
  app.delete('/sandbox/faults', async () => {
    network.clearFaults();
    return network.getFaults();
  });
}

function parseFaults(raw: unknown): { noAccount?: string[]; ackDelayMs?: number; dropConnectionsForMs?: number } {
  const body = asJsonObject(raw);
  for (const key of Object.keys(body)) {
    if (!['noAccount', 'ackDelayMs', 'dropConnectionsForMs'].includes(key)) {
      throw validationError(`'${key}' is not a fault (faults: noAccount, ackDelayMs, dropConnectionsForMs)`);
    }
  }
  const faults: { noAccount?: string[]; ackDelayMs?: number; dropConnectionsForMs?: number } = {};
  if (body.noAccount !== undefined) {
    if (!Array.isArray(body.noAccount) || !body.noAccount.every((n) => typeof n === 'string')) {
      throw validationError("'noAccount' must be an array of numbers written as strings, like [\"79990000009\"]");
    }
    faults.noAccount = body.noAccount as string[];
  }
  for (const key of ['ackDelayMs', 'dropConnectionsForMs'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 3_600_000) {
      throw validationError(`'${key}' must be an integer number of milliseconds from 0 to 3600000`);
    }
    faults[key] = value;
  }
  return faults;
}

/** A JSON body carrying a file of up to 100 MB as base64. */
export const sandboxFileBodyLimit = 140 * 1024 * 1024;
