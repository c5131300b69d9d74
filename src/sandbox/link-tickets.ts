// What a session shows to be linked: a QR text (rotating about every 20 s, each valid for 60 s) or an
// 8-character pairing code bound to one phone number.

import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { validationError, WaypostError } from '../core/errors.js';

const qrRotateMs = 20_000;
const qrValidMs = 60_000;
const codeValidMs = 180_000;
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTVWXYZ23456789';

interface Ticket {
  sessionId: string;
  createdAt: number;
  phone?: string;
}

export function createLinkTickets(clock: Clock) {
  const qrs = new Map<string, Ticket>();
  const codes = new Map<string, Ticket>();
  const latestQr = new Map<string, string>();

  function prune(): void {
    const now = clock.now();
    for (const [text, t] of qrs) if (now - t.createdAt > qrValidMs) qrs.delete(text);
    for (const [code, t] of codes) if (now - t.createdAt > codeValidMs) codes.delete(code);
  }

  return {
    qrFor(sessionId: string): string {
      prune();
      const current = latestQr.get(sessionId);
      const ticket = current ? qrs.get(current) : undefined;
      if (current && ticket && clock.now() - ticket.createdAt < qrRotateMs) return current;
      const text = `2@${randomBytes(24).toString('base64url')},waypost-sandbox`;
      qrs.set(text, { sessionId, createdAt: clock.now() });
      latestQr.set(sessionId, text);
      return text;
    },

    codeFor(sessionId: string, phone: string): string {
      prune();
      let code = '';
      for (let i = 0; i < 8; i++) code += codeAlphabet[randomInt(codeAlphabet.length)];
      codes.set(code, { sessionId, createdAt: clock.now(), phone });
      return code;
    },

    redeemQr(text: unknown): string {
      if (typeof text !== 'string' || text.length === 0) throw validationError("'qr' must be the text of a QR code");
      prune();
      const ticket = qrs.get(text);
      if (!ticket) throw new WaypostError('not_found', 'this QR code is unknown or expired: ask the instance for a new one');
      qrs.delete(text);
      latestQr.delete(ticket.sessionId);
      return ticket.sessionId;
    },

    redeemCode(code: unknown, phone: string): string {
      if (typeof code !== 'string' || code.length === 0) {
        throw validationError("give either 'qr' (the text of a QR code) or 'code' (a pairing code)");
      }
      prune();
      const normalized = code.replace(/[\s-]/g, '').toUpperCase();
      const ticket = codes.get(normalized);
      if (!ticket) throw new WaypostError('not_found', 'this pairing code is unknown or expired');
      if (ticket.phone !== phone) {
        throw validationError(`this pairing code was issued for another number than ${phone}`);
      }
      codes.delete(normalized);
      return ticket.sessionId;
    },
  };
}
