// Chat ids between GREEN-API's spelling (79990000001@c.us, 1203630@g.us) and WhatsApp Web's jids
// (79990000001@s.whatsapp.net, 79990000001:12@s.whatsapp.net for one device of the account).

const userServer = 's.whatsapp.net';

export function jidOfChatId(chatId: string): string {
  return chatId.endsWith('@c.us') ? `${chatId.slice(0, -'@c.us'.length)}@${userServer}` : chatId;
}

/** The chat id of a jid, without its device part; `@lid` and other servers pass through unchanged. */
export function chatIdOfJid(jid: string): string {
  const at = jid.indexOf('@');
  if (at < 0) return jid;
  const user = jid.slice(0, at).split(':')[0] as string;
  const server = jid.slice(at + 1);
  return server === userServer ? `${user}@c.us` : `${user}@${server}`;
}

export function isGroupChat(chatId: string): boolean {
  return chatId.endsWith('@g.us');
}
