// WhatsApp's LIDs (privacy ids, `N@lid`) beside phone numbers: a sender is reported by phone number
// whenever WhatsApp sent it along or baileys has the mapping stored (its LID mapping, fed by
// `lid-mapping.update` and history sync), and a contact known both ways is one chat.

import type { WAMessage } from 'baileys';
import { chatIdOfJid } from './wa-jid.js';
import type { WaSocket } from './wa-socket.js';

const isLid = (jid: string | null | undefined): jid is string => !!jid && jid.endsWith('@lid');

/** The message with the phone-number jids filled in from baileys' LID mapping where the key had only a LID. */
export async function withPhoneNumbers(wa: WAMessage, socket: Pick<WaSocket, 'phoneNumberOfLid'>): Promise<WAMessage> {
  const key = { ...wa.key };
  if (isLid(key.remoteJid) && !key.remoteJidAlt) {
    const pn = await socket.phoneNumberOfLid(key.remoteJid);
    if (pn) key.remoteJidAlt = pn;
  }
  const participants = [key.participant, key.participantAlt].filter((jid): jid is string => !!jid);
  if (participants.length > 0 && participants.every(isLid)) {
    const pn = await socket.phoneNumberOfLid(participants[0] as string);
    if (pn) key.participantAlt = pn;
  }
  return { ...wa, key };
}

/** Every id a direct chat is known by: the one given and, for a LID, its phone number when baileys knows it. */
export async function chatIdsOf(chatId: string, socket: Pick<WaSocket, 'phoneNumberOfLid'>): Promise<string[]> {
  if (!chatId.endsWith('@lid')) return [chatId];
  const pn = await socket.phoneNumberOfLid(chatId).catch(() => null);
  return pn ? [chatId, chatIdOfJid(pn)] : [chatId];
}
