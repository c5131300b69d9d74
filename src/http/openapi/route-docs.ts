// The partner API and the sandbox's control API, described for the OpenAPI document. A test holds these
// to the routes the gateway registers: a route without an entry here fails it.

import { answer, chatId, idMessage, object, type JsonSchema } from './schema-parts.js';
import { settingsBody } from './settings-schema.js';

export interface RouteDoc {
  verb: 'GET' | 'POST' | 'DELETE';
  /** An OpenAPI path ({name} for a parameter). */
  path: string;
  tag: 'partner' | 'sandbox';
  summary: string;
  body?: JsonSchema;
  example?: unknown;
  answer: JsonSchema;
}

const partnerError: JsonSchema = answer({ code: { type: 'integer' }, description: { type: 'string' } });
const phone: JsonSchema = { type: 'string', pattern: '^\\d{5,20}$', examples: ['79990000002'] };
const faults = object({
  noAccount: { type: 'array', items: phone, description: 'Numbers without WhatsApp' },
  ackDelayMs: { type: 'integer', minimum: 0, maximum: 3600000 },
  dropConnectionsForMs: { type: 'integer', minimum: 0, maximum: 3600000 },
});

export const routeDocs: readonly RouteDoc[] = [
  {
    verb: 'POST',
    path: '/partner/createInstance/{partnerToken}',
    tag: 'partner',
    summary: 'Create an instance, with an optional name and any settings',
    body: { ...settingsBody, properties: { ...(settingsBody.properties as object), name: { type: 'string' } } },
    example: { name: 'shop bot', delaySendMessagesMilliseconds: 1000 },
    answer: { oneOf: [answer({ idInstance: { type: 'integer' }, apiTokenInstance: { type: 'string' }, typeInstance: { const: 'whatsapp' } }), partnerError] },
  },
  {
    verb: 'GET',
    path: '/partner/getInstances/{partnerToken}',
    tag: 'partner',
    summary: "Every instance, deleted ones marked (with GREEN-API's billing fields, self-hosted)",
    answer: { type: 'array', items: { type: 'object', properties: { idInstance: { type: 'integer' }, name: { type: 'string' }, deleted: { type: 'boolean' } } } },
  },
  {
    verb: 'POST',
    path: '/partner/deleteInstanceAccount/{partnerToken}',
    tag: 'partner',
    summary: 'Delete an instance: its queue ends, its phone is unlinked',
    body: object({ idInstance: { type: 'integer' } }, ['idInstance']),
    example: { idInstance: 1101000001 },
    answer: { oneOf: [answer({ deleteInstanceAccount: { const: true } }), partnerError] },
  },
  {
    verb: 'POST',
    path: '/partner/updateInstanceName/{partnerToken}',
    tag: 'partner',
    summary: "Rename an instance (Waypost's own: GREEN-API names an instance only when creating it)",
    body: object({ idInstance: { type: 'integer' }, name: { type: 'string', maxLength: 200 } }, ['idInstance', 'name']),
    example: { idInstance: 1101000001, name: 'Support bot' },
    answer: { oneOf: [answer({ updateInstanceName: { const: true } }), partnerError] },
  },
  {
    verb: 'POST',
    path: '/sandbox/link',
    tag: 'sandbox',
    summary: "Link an instance to a virtual phone, by its QR's text or a pairing code",
    body: object({ phone, qr: { type: 'string' }, code: { type: 'string' } }, ['phone']),
    example: { phone: '79990000001', qr: 'waypost-sandbox:...' },
    answer: answer({ wid: chatId }),
  },
  {
    verb: 'GET',
    path: '/sandbox/phones/{phone}/messages',
    tag: 'sandbox',
    summary: 'What a virtual phone received, in arrival order',
    answer: { type: 'array', items: { type: 'object', properties: { idMessage, chatId, text: { type: 'string' } } } },
  },
  {
    verb: 'GET',
    path: '/sandbox/phones/{phone}/sent',
    tag: 'sandbox',
    summary: 'What the phone sent (texts and taps), each with readAt once the instance read it',
    answer: {
      type: 'array',
      items: answer({ idMessage, to: chatId, text: { type: ['string', 'null'] }, buttonId: { type: ['string', 'null'] }, sentAt: { type: 'string' }, readAt: { type: ['string', 'null'] } }),
    },
  },
  {
    verb: 'GET',
    path: '/sandbox/phones/{phone}/archived',
    tag: 'sandbox',
    summary: "The chats the phone's linked instances archived",
    answer: answer({ archivedChats: { type: 'array', items: chatId } }),
  },
  {
    verb: 'POST',
    path: '/sandbox/phones/{phone}/tap',
    tag: 'sandbox',
    summary: 'Tap a reply button of a message the phone received (once per message)',
    body: object({ idMessage, buttonId: { type: ['string', 'integer'] }, name: { type: 'string' } }, ['idMessage', 'buttonId']),
    example: { idMessage: 'BAE5F4886D1B4B33', buttonId: '1' },
    answer: answer({ tapped: { const: true } }),
  },
  {
    verb: 'POST',
    path: '/sandbox/phones/{phone}/send',
    tag: 'sandbox',
    summary: 'The phone writes to the instance linked to `to` (or, an instance\'s own phone, into a chat): one of text, location, contact, reaction or file',
    body: object(
      {
        to: chatId,
        text: { type: 'string', minLength: 1 },
        location: object({ latitude: { type: 'number' }, longitude: { type: 'number' }, name: { type: 'string' }, address: { type: 'string' } }, ['latitude', 'longitude']),
        contact: object({ phone, name: { type: 'string' } }, ['phone']),
        reaction: object({ idMessage, emoji: { type: 'string' } }, ['idMessage', 'emoji']),
        file: object(
          {
            fileName: { type: 'string', minLength: 1, description: 'Its extension decides image, video, audio or document' },
            data: { type: 'string', contentEncoding: 'base64', description: 'The bytes, base64' },
            caption: { type: 'string' },
          },
          ['fileName', 'data'],
        ),
        quotedMessageId: idMessage,
        name: { type: 'string' },
      },
      ['to'],
    ),
    example: { to: '79990000001@c.us', text: '2' },
    answer: answer({ idMessage }),
  },
  {
    verb: 'POST',
    path: '/sandbox/phones/{phone}/vote',
    tag: 'sandbox',
    summary: 'The phone votes in a poll it received (no options: it takes its vote back)',
    body: object({ idMessage, options: { type: 'array', items: { type: 'string' } } }, ['idMessage', 'options']),
    example: { idMessage: 'BAE5F4886D1B4B33', options: ['Yes'] },
    answer: answer({ voted: { const: true } }),
  },
  {
    verb: 'POST',
    path: '/sandbox/phones/{phone}/edit',
    tag: 'sandbox',
    summary: 'The phone rewrites a message it sent to an instance (the instance hears editedMessage)',
    body: object({ idMessage, text: { type: 'string', minLength: 1 } }, ['idMessage', 'text']),
    example: { idMessage: '3EB0000000000001', text: 'red, not green' },
    answer: answer({ changed: { const: true } }),
  },
  {
    verb: 'POST',
    path: '/sandbox/phones/{phone}/delete',
    tag: 'sandbox',
    summary: 'The phone deletes for everyone a message it sent to an instance (the instance hears deletedMessage)',
    body: object({ idMessage }, ['idMessage']),
    example: { idMessage: '3EB0000000000001' },
    answer: answer({ changed: { const: true } }),
  },
  {
    verb: 'POST',
    path: '/sandbox/phones/{phone}/unlink',
    tag: 'sandbox',
    summary: 'The phone logs out every instance linked to it',
    answer: answer({ unlinked: { type: 'integer' } }),
  },
  { verb: 'GET', path: '/sandbox/faults', tag: 'sandbox', summary: 'The faults in force', answer: faults },
  { verb: 'POST', path: '/sandbox/faults', tag: 'sandbox', summary: 'Inject faults', body: faults, example: { ackDelayMs: 200 }, answer: faults },
  { verb: 'DELETE', path: '/sandbox/faults', tag: 'sandbox', summary: 'Clear every fault', answer: faults },
];
