// What a virtual phone can send besides text (the control API's /send): a location, a contact card, or a
// reaction to a message it received. Validated here, with the field named in every refusal.

import { validationError } from '../core/errors.js';
import type { Contact, Location } from '../messages/message.js';

export type PhoneContent =
  | { text: string }
  | { location: Location }
  | { contact: Contact }
  | { reaction: { stanzaId: string; emoji: string } };

export function parsePhoneContent(input: Record<string, unknown>): PhoneContent {
  const given = ['text', 'location', 'contact', 'reaction'].filter((field) => input[field] !== undefined);
  if (given.length !== 1) throw validationError("give one of 'text', 'location', 'contact' or 'reaction'");
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

function objectOf(value: unknown, field: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw validationError(`'${field}' must be an object`);
  return value as Record<string, unknown>;
}
