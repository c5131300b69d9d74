// JSON Schema pieces the methods' request and answer schemas share (OpenAPI 3.1 speaks JSON Schema
// 2020-12). They describe what the validators in messages/send-fields.ts and send-options.ts accept.

export type JsonSchema = Record<string, unknown>;

export const chatId: JsonSchema = {
  type: 'string',
  description: 'A personal chat (`<number>@c.us`), a group (`<digits>@g.us`) or a LID (`<digits>@lid`)',
  pattern: '^(\\d{5,20}@c\\.us|\\d{5,20}-\\d{5,20}@g\\.us|\\d{15,24}@g\\.us|\\d{5,24}@lid)$',
  examples: ['79001234567@c.us'],
};

export const idMessage: JsonSchema = { type: 'string', description: 'The message id Waypost answered', examples: ['BAE5F4886D1B4B33'] };

/** Every send method's optional fields beside its content. */
export const sendEnvelope: Record<string, JsonSchema> = {
  chatId,
  phoneNumber: { type: ['integer', 'string'], description: 'Legacy: the number, digits only, in place of chatId', examples: [79001234567] },
  quotedMessageId: { type: 'string', pattern: '^[A-Za-z0-9]{16,128}$', description: 'A message of the same chat to quote' },
  typingTime: { type: 'integer', minimum: 1000, maximum: 20000, description: 'Milliseconds of "typing..." before the message leaves' },
  archiveChat: { type: 'boolean', description: 'Archive the chat on the linked phone once sent' },
};

const text = (maxLength: number, description: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength, description });

export const buttonText = text(25, 'The button label (characters as a person counts them)');
export const buttonId: JsonSchema = { type: ['string', 'integer'], description: 'Your id for the button, 1 to 25 characters; unique in the message' };

export function replyButtons(maxItems: number): JsonSchema {
  return {
    type: 'array',
    minItems: 1,
    maxItems,
    items: { type: 'object', properties: { buttonId, buttonText, type: { const: 'reply' } }, required: ['buttonId', 'buttonText'], additionalProperties: false },
  };
}

export const actionButtons: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 3,
  items: {
    type: 'object',
    properties: {
      type: { enum: ['url', 'call', 'copy'] },
      buttonId,
      buttonText,
      url: { type: 'string', format: 'uri' },
      phoneNumber: { type: ['string', 'integer'] },
      copyCode: { type: 'string', maxLength: 256 },
    },
    required: ['type', 'buttonId', 'buttonText'],
    additionalProperties: false,
  },
};

export { text };

/** An object of the given properties (no others), requiring the named ones. */
export function object(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** An answer of fields (more may come), all always present. */
export function answer(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties) };
}

export const idMessageAnswer = answer({ idMessage });

/** A send method's body: its own fields and the shared envelope, addressed by chatId or phoneNumber. */
export function sendBody(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return { ...object({ ...sendEnvelope, ...properties }, required), anyOf: [{ required: ['chatId'] }, { required: ['phoneNumber'] }] };
}

export const stateInstance: JsonSchema = { enum: ['notAuthorized', 'authorized', 'blocked', 'sleepMode', 'starting', 'yellowCard'] };

export const reachoutTimeLock: JsonSchema = {
  ...answer({
    isActive: { type: 'boolean' },
    timeEnforcementEnds: { type: ['integer', 'null'], description: 'Unix seconds' },
    enforcementType: { type: 'string' },
  }),
  description: "Waypost's own: WhatsApp forbids the account new chats until then (sends to new chats fail)",
};

export const minutes: JsonSchema = { type: 'integer', minimum: 1, maximum: 525600, default: 1440, description: 'The window, in minutes' };

export const journalEntry: JsonSchema = {
  type: 'object',
  properties: { type: { enum: ['incoming', 'outgoing'] }, idMessage, timestamp: { type: 'integer' }, typeMessage: { type: 'string' }, chatId },
  required: ['type', 'idMessage', 'timestamp', 'typeMessage', 'chatId'],
};
