// One contact, two chat ids: WhatsApp names some people by a LID (`N@lid`) as well as by their number
// (`P@c.us`). The WhatsApp Web transport records both when a message shows them together, so that a quote
// across the two (a reply to P@c.us quoting a message sent to N@lid) is a quote within one chat.

import type { TransportKeyStore } from './transport.js';

const aliasType = 'waypost-chat-alias';

/** The other ids of a chat, as recorded. */
export async function chatAliasesOf(keys: TransportKeyStore, idInstance: number, chatId: string): Promise<string[]> {
  const stored = (await keys.get(idInstance, aliasType, [chatId])).get(chatId);
  return stored ? (JSON.parse(stored) as string[]) : [];
}

/** Records that these ids name one chat (each then lists the others). */
export async function recordChatAliases(keys: TransportKeyStore, idInstance: number, chatIds: string[]): Promise<void> {
  const ids = [...new Set(chatIds)];
  if (ids.length < 2) return;
  const known = await keys.get(idInstance, aliasType, ids);
  const changes = ids
    .map((id) => ({ id, others: ids.filter((other) => other !== id) }))
    .filter(({ id, others }) => known.get(id) !== JSON.stringify(others))
    .map(({ id, others }) => ({ type: aliasType, id, value: JSON.stringify(others) }));
  if (changes.length > 0) await keys.set(idInstance, changes);
}
