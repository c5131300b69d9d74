// The fields every send method takes besides its content, as GREEN-API documents them: the recipient
// (`chatId`, or the legacy `phoneNumber` of older examples), a quote, `typingTime` and `archiveChat`; and
// sendMessage's link preview fields.

import { validationError } from '../core/errors.js';
import type { LinkPreview, MessageContent } from './message.js';
import { optionalBoolean, optionalQuotedMessageId, optionalText, phoneDigits, requireChatId, type RequestBody } from './send-fields.js';

/** Fields a send method accepts beside its own. */
export const sendEnvelopeFields = ['chatId', 'phoneNumber', 'quotedMessageId', 'typingTime', 'archiveChat'] as const;

export const typingTimeLimits = { minMs: 1_000, maxMs: 20_000 };

export interface SendEnvelope {
  chatId: string;
  /** The content fields the envelope sets: the quote, typing time and archiving. */
  content: Pick<MessageContent, 'quotedMessageId' | 'typingTimeMs' | 'archiveChat'>;
}

export function parseSendEnvelope(body: RequestBody): SendEnvelope {
  const chatId = body.chatId === undefined && body.phoneNumber !== undefined ? chatIdOfPhoneNumber(body.phoneNumber) : requireChatId(body);
  const quotedMessageId = optionalQuotedMessageId(body);
  const typingTimeMs = optionalTypingTime(body);
  const archiveChat = optionalBoolean(body, 'archiveChat');
  return {
    chatId,
    content: {
      ...(quotedMessageId ? { quotedMessageId } : {}),
      ...(typingTimeMs !== undefined ? { typingTimeMs } : {}),
      ...(archiveChat ? { archiveChat } : {}),
    },
  };
}

/** Older GREEN-API examples address a person by `phoneNumber` (digits, as a number or a string). */
function chatIdOfPhoneNumber(value: unknown): string {
  return `${phoneDigits(value, 'phoneNumber')}@c.us`;
}

function optionalTypingTime(body: RequestBody): number | undefined {
  const value = body.typingTime;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw validationError("'typingTime' must be a number of milliseconds");
  if (value < typingTimeLimits.minMs) throw validationError(`'typingTime' must be larger than or equal to ${typingTimeLimits.minMs}`);
  if (value > typingTimeLimits.maxMs) throw validationError(`'typingTime' must be less than or equal to ${typingTimeLimits.maxMs}`);
  return value;
}

/** sendMessage's preview fields: `linkPreview`, `typePreview` and `customPreview`. */
export const linkPreviewFields = ['linkPreview', 'typePreview', 'customPreview'] as const;

export function parseLinkPreview(body: RequestBody): Pick<MessageContent, 'linkPreview' | 'preview'> {
  const linkPreview = optionalBoolean(body, 'linkPreview');
  const type = body.typePreview;
  if (type !== undefined && type !== null && type !== 'large' && type !== 'small') {
    throw validationError("'typePreview' must be \"large\" or \"small\"");
  }
  const custom = parseCustomPreview(body.customPreview);
  const preview: LinkPreview | undefined =
    custom || type ? { ...(type ? { type: type as LinkPreview['type'] } : {}), ...custom } : undefined;
  return { ...(linkPreview !== undefined ? { linkPreview } : {}), ...(preview && linkPreview !== false ? { preview } : {}) };
}

function parseCustomPreview(value: unknown): Omit<LinkPreview, 'type'> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw validationError("'customPreview' must be an object with a 'title'");
  const fields = value as RequestBody;
  const allowed = ['title', 'description', 'link', 'urlFile', 'jpegThumbnail'];
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) throw validationError(`'customPreview.${key}' is not allowed (allowed fields: ${allowed.join(', ')})`);
  }
  const named = (field: string, max: number, required = false) => {
    try {
      return required ? optionalText(fields, field, max) ?? missing(field) : optionalText(fields, field, max);
    } catch (error) {
      throw validationError((error as Error).message.replace(`'${field}'`, `'customPreview.${field}'`));
    }
  };
  const jpegThumbnail = named('jpegThumbnail', 200_000);
  if (jpegThumbnail && !/^[A-Za-z0-9+/]+={0,2}$/.test(jpegThumbnail)) {
    throw validationError("'customPreview.jpegThumbnail' must be a base64-encoded JPEG");
  }
  const preview = {
    title: named('title', 300, true)!,
    description: named('description', 300),
    link: named('link', 300),
    urlFile: named('urlFile', 2048),
    jpegThumbnail,
  };
  return Object.fromEntries(Object.entries(preview).filter(([, v]) => v !== undefined)) as Omit<LinkPreview, 'type'>;
}

function missing(field: string): never {
  throw validationError(`'${field}' is required`);
}
