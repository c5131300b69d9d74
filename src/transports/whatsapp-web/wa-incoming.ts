// What WhatsApp Web delivers, in the transport port's words: incoming texts, button replies (native
// flow and the legacy shapes) and every other kind, and message statuses as receipts.

import { normalizeMessageContent, type proto, type WAMessage, type WAMessageKey } from 'baileys';
import type { ButtonReply, IncomingMessage } from '../transport.js';
import { otherMessageOf } from './wa-incoming-kinds.js';
import { chatIdOfJid, isGroupChat } from './wa-jid.js';

/**
 * An incoming message in the port's words, or null for what is not a person's message (own, status,
 * newsletters, the protocol's housekeeping). Kinds without a GREEN-API shape still arrive (see
 * wa-incoming-kinds.ts). `@lid` senders are named by their phone number when the key carries it; the
 * transport looks up the ones it does not (see resolveLids).
 */
export function incomingFromWa(wa: WAMessage): IncomingMessage | null {
  const key = wa.key;
  if (!key?.id || !key.remoteJid) return null;
  if (key.remoteJid.endsWith('@broadcast') || key.remoteJid.endsWith('@newsletter')) return null;
  const content = normalizeMessageContent(wa.message);
  if (!content) return null;
  const buttonReply = buttonReplyOf(content);
  const text = buttonReply ? undefined : textOf(content);
  const other = buttonReply || text !== undefined ? null : otherMessageOf(content);
  if (!buttonReply && text === undefined && !other) return null;
  const chatId = chatIdOfJid(phoneJidOf(key));
  // Written on the account's own phone: the chat is where it went; the sender is the account (the gateway knows it).
  const sender = key.fromMe ? '' : isGroupChat(chatId) ? chatIdOfJid(participantOf(key) ?? chatId) : chatId;
  const quotedMessageId = contextInfoOf(content)?.stanzaId ?? undefined;
  const chatAliases = isGroupChat(chatId) ? [] : aliasesOf(key, chatId);
  return {
    idMessage: key.id,
    chatId,
    ...(chatAliases.length > 0 ? { chatAliases } : {}),
    sender,
    senderName: wa.pushName ?? '',
    receivedAt: Number(wa.messageTimestamp ?? 0) * 1000,
    ...(text !== undefined ? { text } : {}),
    ...(quotedMessageId && text !== undefined ? { quotedMessageId } : {}),
    ...(buttonReply ? { buttonReply } : {}),
    ...(other ? { other } : {}),
    ...(key.fromMe ? { fromMe: true } : {}),
  };
}

/** The other id of a direct chat (its LID beside the phone number), so replies match either. */
function aliasesOf(key: WAMessageKey, chatId: string): string[] {
  const ids = [key.remoteJid, key.remoteJidAlt].filter((jid): jid is string => !!jid).map(chatIdOfJid);
  return [...new Set(ids)].filter((id) => id !== chatId);
}

/**
 * A group participant by phone number when either field has one: baileys puts the LID in
 * `participantAlt` in phone-number-addressed groups and the phone number there in LID-addressed ones.
 */
function participantOf(key: WAMessageKey): string | undefined {
  const candidates = [key.participantAlt, key.participant].filter((jid): jid is string => !!jid);
  return candidates.find((jid) => !jid.endsWith('@lid')) ?? candidates[0];
}

/** v7 may name a sender by its `@lid` id; the phone-number jid then travels beside it. */
function phoneJidOf(key: WAMessageKey): string {
  const jid = key.remoteJid as string;
  return jid.endsWith('@lid') && key.remoteJidAlt ? key.remoteJidAlt : jid;
}

function textOf(content: proto.IMessage): string | undefined {
  return content.conversation ?? content.extendedTextMessage?.text ?? undefined;
}

/**
 * The button chosen, whichever shape carried it: native flow first, then the legacy replies. A native-flow
 * tap without the buttons message's id (some clients leave `contextInfo` out) is still a reply, to an
 * unknown stanza ('').
 */
export function buttonReplyOf(content: proto.IMessage): ButtonReply | null {
  const nativeFlow = content.interactiveResponseMessage;
  if (nativeFlow?.nativeFlowResponseMessage) {
    const params = paramsOf(nativeFlow.nativeFlowResponseMessage.paramsJson);
    const buttonText = nativeFlow.body?.text || params.displayText || '';
    if (params.id || buttonText) return { stanzaId: nativeFlow.contextInfo?.stanzaId ?? '', buttonId: params.id ?? '', buttonText };
  }
  const legacy = content.buttonsResponseMessage;
  if (legacy?.selectedButtonId) {
    return { stanzaId: legacy.contextInfo?.stanzaId ?? '', buttonId: legacy.selectedButtonId, buttonText: legacy.selectedDisplayText ?? '' };
  }
  const template = content.templateButtonReplyMessage;
  if (template?.selectedId) {
    return { stanzaId: template.contextInfo?.stanzaId ?? '', buttonId: template.selectedId, buttonText: template.selectedDisplayText ?? '' };
  }
  const list = content.listResponseMessage;
  if (list?.singleSelectReply?.selectedRowId) {
    return { stanzaId: list.contextInfo?.stanzaId ?? '', buttonId: list.singleSelectReply.selectedRowId, buttonText: list.title ?? '' };
  }
  return null;
}

function paramsOf(paramsJson: string | null | undefined): { id?: string; displayText?: string } {
  try {
    const params = JSON.parse(paramsJson ?? '') as { id?: unknown; display_text?: unknown };
    const id = typeof params?.id === 'string' || typeof params?.id === 'number' ? String(params.id) : undefined;
    const displayText = typeof params?.display_text === 'string' ? params.display_text : undefined;
    return { ...(id ? { id } : {}), ...(displayText ? { displayText } : {}) };
  } catch {
    return {};
  }
}

function contextInfoOf(content: proto.IMessage): proto.IContextInfo | null | undefined {
  return content.extendedTextMessage?.contextInfo;
}

/**
 * WhatsApp's message status numbers (0 ERROR, 1 PENDING, 2 SERVER_ACK, 3 DELIVERY_ACK, 4 READ, 5 PLAYED) as
 * receipts. Errors and server acks come from the raw ack instead (see the transport), so they map to null.
 */
export function receiptOfStatus(status: number | null | undefined): 'delivered' | 'read' | null {
  if (status === 3) return 'delivered';
  if (status === 4 || status === 5) return 'read';
  return null;
}
