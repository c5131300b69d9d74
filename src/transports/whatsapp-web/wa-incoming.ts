// What WhatsApp Web delivers, in the transport port's words: incoming texts and button replies (native
// flow and the legacy shapes), and message statuses as receipts.

import { normalizeMessageContent, type proto, type WAMessage, type WAMessageKey } from 'baileys';
import type { ButtonReply, IncomingMessage } from '../transport.js';
import { chatIdOfJid, isGroupChat } from './wa-jid.js';

/** An incoming message the gateway reports, or null for what it does not (own, status, media, protocol). */
export function incomingFromWa(wa: WAMessage): IncomingMessage | null {
  const key = wa.key;
  if (!key?.id || !key.remoteJid || key.fromMe) return null;
  if (key.remoteJid.endsWith('@broadcast') || key.remoteJid.endsWith('@newsletter')) return null;
  const content = normalizeMessageContent(wa.message);
  if (!content) return null;
  const buttonReply = buttonReplyOf(content);
  const text = textOf(content);
  if (!buttonReply && text === undefined) return null;
  const chatId = chatIdOfJid(phoneJidOf(key));
  const sender = isGroupChat(chatId) ? chatIdOfJid(key.participantAlt ?? key.participant ?? chatId) : chatId;
  const quotedMessageId = contextInfoOf(content)?.stanzaId ?? undefined;
  return {
    idMessage: key.id,
    chatId,
    sender,
    senderName: wa.pushName ?? '',
    receivedAt: Number(wa.messageTimestamp ?? 0) * 1000,
    ...(text !== undefined ? { text } : {}),
    ...(quotedMessageId && !buttonReply ? { quotedMessageId } : {}),
    ...(buttonReply ? { buttonReply } : {}),
  };
}

/** v7 may name a sender by its `@lid` id; the phone-number jid then travels beside it. */
function phoneJidOf(key: WAMessageKey): string {
  const jid = key.remoteJid as string;
  return jid.endsWith('@lid') && key.remoteJidAlt ? key.remoteJidAlt : jid;
}

function textOf(content: proto.IMessage): string | undefined {
  return content.conversation ?? content.extendedTextMessage?.text ?? undefined;
}

/** The button chosen, whichever shape carried it: native flow first, then the legacy replies. */
export function buttonReplyOf(content: proto.IMessage): ButtonReply | null {
  const nativeFlow = content.interactiveResponseMessage;
  if (nativeFlow?.nativeFlowResponseMessage) {
    const buttonId = idFromParams(nativeFlow.nativeFlowResponseMessage.paramsJson);
    const stanzaId = nativeFlow.contextInfo?.stanzaId;
    if (buttonId && stanzaId) return { stanzaId, buttonId, buttonText: nativeFlow.body?.text ?? '' };
  }
  const legacy = content.buttonsResponseMessage;
  if (legacy?.selectedButtonId && legacy.contextInfo?.stanzaId) {
    return { stanzaId: legacy.contextInfo.stanzaId, buttonId: legacy.selectedButtonId, buttonText: legacy.selectedDisplayText ?? '' };
  }
  const template = content.templateButtonReplyMessage;
  if (template?.selectedId && template.contextInfo?.stanzaId) {
    return { stanzaId: template.contextInfo.stanzaId, buttonId: template.selectedId, buttonText: template.selectedDisplayText ?? '' };
  }
  const list = content.listResponseMessage;
  if (list?.singleSelectReply?.selectedRowId && list.contextInfo?.stanzaId) {
    return { stanzaId: list.contextInfo.stanzaId, buttonId: list.singleSelectReply.selectedRowId, buttonText: list.title ?? '' };
  }
  return null;
}

function idFromParams(paramsJson: string | null | undefined): string | null {
  try {
    const params = JSON.parse(paramsJson ?? '') as { id?: unknown };
    return typeof params?.id === 'string' || typeof params?.id === 'number' ? String(params.id) : null;
  } catch {
    return null;
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
