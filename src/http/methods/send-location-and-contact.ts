// sendLocation and sendContact: a place on the map, and a contact card, queued like every message.

import { validationError } from '../../core/errors.js';
import type { Contact } from '../../messages/message.js';
import { optionalText, phoneDigits, requireObjectBody, type RequestBody } from '../../messages/send-fields.js';
import { parseSendEnvelope, sendEnvelopeFields } from '../../messages/send-options.js';
import { idMessageAnswer, object, sendBody, text } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

function requireCoordinate(body: RequestBody, field: 'latitude' | 'longitude', limit: number): number {
  const value = body[field];
  if (value === undefined || value === null) throw validationError(`'${field}' is required`);
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw validationError(`'${field}' must be a number from -${limit} to ${limit}`);
  }
  return value;
}

export const sendLocation: ApiMethod = {
  name: 'sendLocation',
  verb: 'POST',
  doc: {
    summary: 'Send a place on the map',
    body: sendBody(
      {
        latitude: { type: 'number', minimum: -90, maximum: 90 },
        longitude: { type: 'number', minimum: -180, maximum: 180 },
        nameLocation: text(256, 'The place'),
        address: text(512, 'Its address'),
      },
      ['latitude', 'longitude'],
    ),
    example: { chatId: '79001234567@c.us', nameLocation: 'Office', address: 'Main St 1', latitude: 55.7558, longitude: 37.6173 },
    answer: idMessageAnswer,
  },
  async handle(request, { instance, messages }) {
    const body = requireObjectBody(request.body, [...sendEnvelopeFields, 'latitude', 'longitude', 'nameLocation', 'address']);
    const envelope = parseSendEnvelope(body);
    const nameLocation = optionalText(body, 'nameLocation', 256);
    const address = optionalText(body, 'address', 512);
    const location = {
      latitude: requireCoordinate(body, 'latitude', 90),
      longitude: requireCoordinate(body, 'longitude', 180),
      ...(nameLocation ? { nameLocation } : {}),
      ...(address ? { address } : {}),
    };
    return messages.accept(instance, { method: 'sendLocation', chatId: envelope.chatId, requestBody: body, content: { kind: 'location', text: '', location, ...envelope.content } });
  },
};

export const sendContact: ApiMethod = {
  name: 'sendContact',
  verb: 'POST',
  doc: {
    summary: 'Send a contact card',
    body: sendBody(
      {
        contact: object(
          {
            phoneContact: { type: ['integer', 'string'], description: 'The number, digits only' },
            firstName: text(256, 'First name'),
            middleName: text(256, 'Middle name'),
            lastName: text(256, 'Last name'),
            company: text(256, 'Company'),
          },
          ['phoneContact'],
        ),
      },
      ['contact'],
    ),
    example: { chatId: '79001234567@c.us', contact: { phoneContact: 79001234568, firstName: 'Ada', lastName: 'Lovelace' } },
    answer: idMessageAnswer,
  },
  async handle(request, { instance, messages }) {
    const body = requireObjectBody(request.body, [...sendEnvelopeFields, 'contact']);
    const envelope = parseSendEnvelope(body);
    const contact = parseContact(body.contact);
    return messages.accept(instance, { method: 'sendContact', chatId: envelope.chatId, requestBody: body, content: { kind: 'contact', text: '', contact, ...envelope.content } });
  },
};

function parseContact(value: unknown): Contact {
  if (value === undefined || value === null) throw validationError("'contact' is required");
  const fields = requireObjectBody(value, ['phoneContact', 'firstName', 'middleName', 'lastName', 'company']);
  const phone = phoneDigits(fields.phoneContact, 'contact.phoneContact');
  const named = (field: string) => {
    try {
      return optionalText(fields, field, 256);
    } catch (error) {
      throw validationError((error as Error).message.replace(`'${field}'`, `'contact.${field}'`));
    }
  };
  const parts = Object.fromEntries(['firstName', 'middleName', 'lastName', 'company'].map((f) => [f, named(f)]).filter(([, v]) => v !== undefined));
  return { phoneContact: phone, ...parts };
}
