// What a virtual phone can send besides text (the control API's /send): a location, a contact card, or a
// reaction to a message it received. Validated here, with the field named in every refusal.

import { validationError } from '../core/errors.js';
import { mimeTypeOf } from '../files/file-kinds.js';
import type { Contact, Location } from '../messages/message.js';
import type { NetworkOutgoing } from './sandbox-types.js';

export type PhoneContent =
  | { text: string }
  | { location: Location }
  | { contact: Contact }
  | { reaction: { stanzaId: string; emoji: string } }
  | { file: PhoneFile };

/** A file a phone sends: the bytes as base64 (the sandbox keeps no file of its own). */
export interface PhoneFile {
  fileName: string;
  data: string;
  caption?: string;
}

export function parsePhoneContent(input: Record<string, unknown>): PhoneContent {
  const given = ['text', 'location', 'contact', 'reaction', 'file'].filter((field) => input[field] !== undefined);
  if (given.length !== 1) throw validationError("give one of 'text', 'location', 'contact', 'reaction' or 'file'");
  if (input.file !== undefined) return { file: parseFile(objectOf(input.file, 'file')) };
  if (input.text !== undefined) {
    if (typeof input.text !== 'string' || input.text.length === 0) throw validationError("'text' is required");
    return { text: input.text };
  }
  if (input.location !== undefined) {
    const l = objectOf(input.location, 'location');
    const coordinate = (field: 'latitude' | 'longitude', limit: number) => {
      const value = l[field];
      if (typeof value !== 'number' || Math.abs(value) > limit) throw validationError(`'location.${field}' must be a number from -${limit} to ${limit}`);
      return value;
    };
    return {
      location: {
        latitude: coordinate('latitude', 90),
        longitude: coordinate('longitude', 180),
        ...(typeof l.name === 'string' ? { nameLocation: l.name } : {}),
        ...(typeof l.address === 'string' ? { address: l.address } : {}),
      },
    };
  }
  if (input.contact !== undefined) {
    const c = objectOf(input.contact, 'contact');
    if (typeof c.phone !== 'string' || !/^\d{5,20}$/.test(c.phone)) throw validationError("'contact.phone' must be digits, like 79990000005");
    return { contact: { phoneContact: c.phone, ...(typeof c.name === 'string' ? { firstName: c.name } : {}) } };
  }
  const r = objectOf(input.reaction, 'reaction');
  if (typeof r.idMessage !== 'string') throw validationError("'reaction.idMessage' is required");
  if (typeof r.emoji !== 'string') throw validationError("'reaction.emoji' is required (an empty one takes the reaction back)");
  return { reaction: { stanzaId: r.idMessage, emoji: r.emoji } };
}

/** What the other phone of a person-to-person chat receives of it (a reaction shows as nothing). */
export function asReceived(content: PhoneContent): Pick<NetworkOutgoing, 'type' | 'text' | 'location' | 'contact' | 'file'> {
  if ('location' in content) return { type: 'location', text: '', location: content.location };
  if ('contact' in content) return { type: 'contact', text: '', contact: content.contact };
  if ('file' in content) {
    const { fileName, data, caption } = content.file;
    return { type: 'file', text: caption ?? '', file: { fileName, mimeType: mimeTypeOf(fileName), data } };
  }
  return { type: 'text', text: 'text' in content ? content.text : '' };
}

function parseFile(f: Record<string, unknown>): PhoneFile {
  if (typeof f.fileName !== 'string' || f.fileName.trim() === '' || /[/\\]/.test(f.fileName)) {
    throw validationError("'file.fileName' must be a file name, like photo.jpg");
  }
  if (typeof f.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(f.data) || f.data.length % 4 !== 0) {
    throw validationError("'file.data' must be the file's bytes in base64");
  }
  if (f.caption !== undefined && typeof f.caption !== 'string') throw validationError("'file.caption' must be a string");
  return { fileName: f.fileName, data: f.data, ...(f.caption ? { caption: f.caption } : {}) };
}

function objectOf(value: unknown, field: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw validationError(`'${field}' must be an object`);
  return value as Record<string, unknown>;
}
