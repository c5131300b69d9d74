// receiveNotification (a long poll) and deleteNotification.

import { validationError } from '../../core/errors.js';
import { answer } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

export const receiveNotification: ApiMethod = {
  name: 'receiveNotification',
  verb: 'GET',
  doc: {
    summary: 'The oldest notification (a long poll), or null when none came within the timeout',
    query: { receiveTimeout: { type: 'integer', minimum: 5, maximum: 60, default: 5, description: 'Seconds to wait; values outside are clamped' } },
    answer: { oneOf: [{ type: 'null' }, answer({ receiptId: { type: 'integer' }, body: { type: 'object' } })] },
  },
  async handle(request, { instance, notifications }) {
    const timeoutSeconds = parseReceiveTimeout(request.query.receiveTimeout);
    const head = await notifications.receive(instance, timeoutSeconds);
    // GREEN-API answers the JSON body `null` when there is nothing: every SDK's loop stops on it.
    return head ? { receiptId: head.receiptId, body: head.body } : null;
  },
};

export const deleteNotification: ApiMethod = {
  name: 'deleteNotification',
  verb: 'DELETE',
  doc: {
    summary: 'Remove a received notification (the next one comes)',
    extra: { name: 'receiptId', schema: { type: 'integer', minimum: 1 } },
    answer: answer({ result: { type: 'boolean' } }),
  },
  async handle(request, { instance, notifications }) {
    const receiptId = receiptIdOf(request.extra, request.body);
    return { result: await notifications.remove(instance.idInstance, receiptId) };
  },
};

/** In the URL after the token, or (GREEN-API's Python SDK) as the JSON body: `40` or `{"receiptId": 40}`. */
function receiptIdOf(inUrl: string | undefined, body: unknown): number {
  const given = inUrl !== undefined && inUrl !== '' ? inUrl : body && typeof body === 'object' ? (body as { receiptId?: unknown }).receiptId : body;
  const text = typeof given === 'number' ? String(given) : given;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) {
    throw validationError("'receiptId' must be a number, given in the URL after the token (or as the body)");
  }
  return Number(text);
}

/** Seconds from 5 to 60: SDKs pass on whatever their caller gives, so a value outside is clamped, not refused. */
function parseReceiveTimeout(value: unknown): number {
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : 5;
  return Math.min(60, Math.max(5, seconds));
}
