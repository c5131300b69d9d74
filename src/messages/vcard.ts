// A contact card (vCard 3.0) as WhatsApp's clients send one, and the name a phone shows for it.

import type { Contact } from './message.js';

export function displayNameOf(contact: Contact): string {
  const name = [contact.firstName, contact.middleName, contact.lastName].filter(Boolean).join(' ');
  return name || contact.company || `+${contact.phoneContact}`;
}

/** vCard values escape backslashes, commas, semicolons and line breaks. */
const escape = (value: string) => value.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

export function vcardOf(contact: Contact): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${escape(contact.lastName ?? '')};${escape(contact.firstName ?? '')};${escape(contact.middleName ?? '')};;`,
    `FN:${escape(displayNameOf(contact))}`,
    ...(contact.company ? [`ORG:${escape(contact.company)}`] : []),
    `TEL;type=CELL;type=VOICE;waid=${contact.phoneContact}:+${contact.phoneContact}`,
    'END:VCARD',
  ];
  return lines.join('\n');
}
