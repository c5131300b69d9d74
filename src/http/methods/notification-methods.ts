// receiveNotification (a long poll) and deleteNotification.

import { validationError } from '../../core/errors.js';
import type { ApiMethod } from '../api-method.js';

export const receiveNotification: ApiMethod = {
  name: 'receiveNotification',
  verb: 'GET',
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
  async handle(request, { instance, notifications }) {
    const receiptId = request.extra;
    if (receiptId === undefined || !/^\d{1,15}$/.test(receiptId)) {
      throw validationError("'receiptId' must be a number, given in the URL after the token");
    }
    return { result: await notifications.remove(instance.idInstance, Number(receiptId)) };
  },
};

function parseReceiveTimeout(value: unknown): number {
  if (value === undefined || value === '') return 5;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < 5 || Number(value) > 60) {
    throw validationError("'receiveTimeout' must be a whole number of seconds from 5 to 60");
  }
  return Number(value);
}
