// Validation of the fields send methods share, with GREEN-API's wording: every message names its field.

import { validationError } from '../core/errors.js';
import { asJsonObject } from '../core/json-object.js';
import { characterCount } from '../core/text-length.js';
import type { Button, ButtonType } from './message.js';

export type RequestBody = Record<string, unknown>;

export const chatIdFormats = '79001234567@c.us, 120363043968066561@g.us, 79001234567-1581234048@g.us, 12345678901234@lid';

const chatIdPatterns = [/^\d{5,20}@c\.us$/, /^\d{5,20}-\d{5,20}@g\.us$/, /^\d{15,24}@g\.us$/, /^\d{5,24}@lid$/];

/** Checks the body is an object holding only the allowed fields. */
export function requireObjectBody(body: unknown, allowed: readonly string[]): RequestBody {
  const fields = asJsonObject(body);
  for (const field of Object.keys(fields)) {
    if (!allowed.includes(field)) {
      throw validationError(`'${field}' is not allowed (allowed fields: ${allowed.join(', ')})`);
    }
  }
  return fields;
}

export function requireChatId(body: RequestBody, field = 'chatId'): string {
  const value = body[field];
  if (value === undefined || value === null) throw validationError(`'${field}' is required`);
  if (typeof value !== 'string') throw validationError(`'${field}' must be a string`);
  if (!chatIdPatterns.some((pattern) => pattern.test(value))) {
    throw validationError(`'${field}' must be one of the next formats: ${chatIdFormats}`);
  }
  return value;
}

export function requireText(body: RequestBody, field: string, maxCharacters: number): string {
  const value = body[field];
  if (value === undefined || value === null) throw validationError(`'${field}' is required`);
  return checkText(value, field, maxCharacters);
}

export function optionalText(body: RequestBody, field: string, maxCharacters: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  return checkText(value, field, maxCharacters);
}

function checkText(value: unknown, field: string, maxCharacters: number): string {
  if (typeof value !== 'string') throw validationError(`'${field}' must be a string`);
  if (value.trim().length === 0) throw validationError(`'${field}' is not allowed to be empty`);
  if (characterCount(value) > maxCharacters) {
    throw validationError(`'${field}' length must be less than or equal to ${maxCharacters} characters long`);
  }
  return value;
}

export function optionalQuotedMessageId(body: RequestBody): string | undefined {
  const value = body.quotedMessageId;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw validationError("'quotedMessageId' must be a string");
  if (!/^[A-Za-z0-9]{16,128}$/.test(value)) {
    throw validationError("'quotedMessageId' must be a message id of 16 to 128 letters and digits");
  }
  return value;
}

/** A phone number written as digits (a number or a string): 5 to 20 of them, no '+', spaces or dashes. */
export function phoneDigits(value: unknown, field: string): string {
  const digits = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof digits !== 'string' || !/^\d{5,20}$/.test(digits)) {
    throw validationError(`'${field}' must be an international phone number, digits only, like 79001234567`);
  }
  return digits;
}

/** The `phoneNumber` of a request body (getAuthorizationCode, checkWhatsapp). */
export function requireBodyPhoneNumber(body: unknown): string {
  const value = body && typeof body === 'object' ? (body as RequestBody).phoneNumber : undefined;
  if (value === undefined || value === null) throw validationError("'phoneNumber' is required");
  return phoneDigits(value, 'phoneNumber');
}

export function optionalBoolean(body: RequestBody, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationError(`'${field}' must be true or false`);
  return value;
}

export interface ButtonRules {
  maxButtons: number;
  maxTextCharacters: number;
  maxIdCharacters: number;
  /** Which types a button may have. */
  types: readonly ButtonType[];
  /** The type of a button that names none; without it, `type` is required. */
  defaultType?: ButtonType;
}

/** Buttons: 1..max items, each with an id and a text, ids unique within the message. */
export function requireButtons(body: RequestBody, rules: ButtonRules, field = 'buttons'): Button[] {
  const value = body[field];
  if (value === undefined || value === null) throw validationError(`'${field}' is required`);
  if (!Array.isArray(value)) throw validationError(`'${field}' must be an array`);
  if (value.length === 0) throw validationError(`'${field}' must contain at least 1 button`);
  if (value.length > rules.maxButtons) {
    throw validationError(`'${field}' must contain at most ${rules.maxButtons} buttons`);
  }
  const buttons = value.map((item, index) => parseButton(item, `${field}[${index}]`, rules));
  const seen = new Set<string>();
  buttons.forEach((button, index) => {
    if (seen.has(button.buttonId)) {
      throw validationError(`'${field}[${index}].buttonId' "${button.buttonId}" is used by another button`);
    }
    seen.add(button.buttonId);
  });
  return buttons;
}

function parseButton(item: unknown, path: string, rules: ButtonRules): Button {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw validationError(`'${path}' must be an object with 'buttonId' and 'buttonText'`);
  }
  const fields = item as Record<string, unknown>;
  const type = parseButtonType(fields.type, `${path}.type`, rules);
  const allowed = ['buttonId', 'buttonText', 'type', ...typeFields(type)];
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) throw validationError(`'${path}.${key}' is not allowed`);
  }
  const rawId = typeof fields.buttonId === 'number' && Number.isInteger(fields.buttonId) ? String(fields.buttonId) : fields.buttonId;
  const buttonId = requireNamed({ buttonId: rawId }, path, 'buttonId', rules.maxIdCharacters);
  const buttonText = requireNamed(fields, path, 'buttonText', rules.maxTextCharacters);
  const button: Button = { buttonId, buttonText, type };
  if (type === 'copy') button.copyCode = requireNamed(fields, path, 'copyCode', 256);
  if (type === 'call') button.phoneNumber = requirePhoneNumber(fields, path);
  if (type === 'url') button.url = requireUrl(fields, path);
  return button;
}

function parseButtonType(value: unknown, path: string, rules: ButtonRules): ButtonType {
  if ((value === undefined || value === null) && rules.defaultType) return rules.defaultType;
  if (value === undefined || value === null) throw validationError(`'${path}' is required`);
  if (typeof value !== 'string' || !(rules.types as readonly string[]).includes(value)) {
    throw validationError(`'${path}' must be one of: ${rules.types.join(', ')}`);
  }
  return value as ButtonType;
}

function typeFields(type: ButtonType): string[] {
  return { reply: [], copy: ['copyCode'], call: ['phoneNumber'], url: ['url'] }[type];
}

function requireNamed(fields: Record<string, unknown>, path: string, name: string, max: number): string {
  try {
    return requireText(fields, name, max);
  } catch (error) {
    throw validationError((error as Error).message.replace(`'${name}'`, `'${path}.${name}'`));
  }
}

function requirePhoneNumber(fields: Record<string, unknown>, path: string): string {
  const value = fields.phoneNumber;
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\+?\d{5,20}$/.test(text)) {
    throw validationError(`'${path}.phoneNumber' must be an international phone number, like 79001234567`);
  }
  return text;
}

function requireUrl(fields: Record<string, unknown>, path: string): string {
  const value = requireNamed(fields, path, 'url', 2048);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw validationError(`'${path}.url' must be an http or https URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw validationError(`'${path}.url' must be an http or https URL`);
  }
  return value;
}
