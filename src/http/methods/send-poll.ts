// sendPoll: a question with 2 to 12 options, single or multiple answers; votes come back as
// pollUpdateMessage with the current tally (switched by pollMessageWebhook).

import { randomBytes } from 'node:crypto';
import { validationError } from '../../core/errors.js';
import { characterCount } from '../../core/text-length.js';
import { optionalBoolean, requireObjectBody, requireText } from '../../messages/send-fields.js';
import { parseSendEnvelope, sendEnvelopeFields } from '../../messages/send-options.js';
import { idMessageAnswer, object, sendBody, text } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

export const pollLimits = { question: 255, options: { min: 2, max: 12 }, optionCharacters: 100 };

export const sendPoll: ApiMethod = {
  name: 'sendPoll',
  verb: 'POST',
  doc: {
    summary: 'Send a poll: a question and 2 to 12 options; votes come back as pollUpdateMessage with the tally',
    body: sendBody(
      {
        message: text(pollLimits.question, 'The question'),
        options: {
          type: 'array',
          minItems: pollLimits.options.min,
          maxItems: pollLimits.options.max,
          items: object({ optionName: text(pollLimits.optionCharacters, 'An answer') }, ['optionName']),
        },
        multipleAnswers: { type: 'boolean', default: false },
      },
      ['message', 'options'],
    ),
    example: { chatId: '79001234567@c.us', message: 'Lunch at 1?', options: [{ optionName: 'Yes' }, { optionName: 'No' }] },
    answer: idMessageAnswer,
  },
  async handle(request, { instance, messages }) {
    const body = requireObjectBody(request.body, [...sendEnvelopeFields, 'message', 'options', 'multipleAnswers']);
    const envelope = parseSendEnvelope(body);
    const question = requireText(body, 'message', pollLimits.question);
    const options = parseOptions(body.options);
    const multipleAnswers = optionalBoolean(body, 'multipleAnswers') ?? false;
    const poll = { options, multipleAnswers, secret: randomBytes(32).toString('base64') };
    return messages.accept(instance, { method: 'sendPoll', chatId: envelope.chatId, requestBody: body, content: { kind: 'poll', text: question, poll, ...envelope.content } });
  },
};

function parseOptions(value: unknown): string[] {
  const { min, max } = pollLimits.options;
  if (value === undefined || value === null) throw validationError("'options' is required");
  if (!Array.isArray(value) || value.length < min || value.length > max) throw validationError(`'options' must be an array of ${min} to ${max} options`);
  const names = value.map((item, index) => {
    const name = item && typeof item === 'object' ? (item as { optionName?: unknown }).optionName : undefined;
    if (typeof name !== 'string' || name.trim() === '') throw validationError(`'options[${index}].optionName' is required`);
    if (characterCount(name) > pollLimits.optionCharacters) {
      throw validationError(`'options[${index}].optionName' length must be less than or equal to ${pollLimits.optionCharacters} characters long`);
    }
    return name;
  });
  const repeated = names.findIndex((name, index) => names.indexOf(name) !== index);
  if (repeated >= 0) throw validationError(`'options[${repeated}].optionName' "${names[repeated]}" is used by another option`);
  return names;
}
