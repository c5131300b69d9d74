// What Waypost sends through WhatsApp Web for each kind of message: the message proto and the extra
// stanza nodes (see docs/whatsapp-web-transport.md). Reply buttons go as a native-flow interactiveMessage
// with quick_reply buttons; without the <biz> node the server accepts them and nothing renders.

import type { BinaryNode, proto } from 'baileys';
import type { Button, LinkPreview, MessageContent } from '../../messages/message.js';
import { textAsSent } from '../../messages/numbered-buttons.js';
import { displayNameOf, vcardOf } from '../../messages/vcard.js';
import { fileKindOf } from '../../files/file-kinds.js';
import { isGroupChat, jidOfChatId } from './wa-jid.js';
import type { UploadedMedia } from './wa-media.js';

export interface WaOutgoing {
  message: proto.IMessage;
  additionalNodes: BinaryNode[];
}

export interface QuotedMessage {
  id: string;
  /** Who wrote the quoted message (a jid). */
  participant: string;
  /** Its content, when known: the recipient's phone shows it in the quote. */
  message?: proto.IMessage;
}

export interface BuildOptions {
  chatId: string;
  nowSeconds: number;
  /** The quoted message, when the content quotes one. */
  quoted?: QuotedMessage;
  /**
   * The 32 random bytes WhatsApp's own clients attach to every message (whatsapp-rust does too); with it,
   * baileys also adds the reporting token. Waypost relays a raw proto, so it must add the secret itself.
   */
  messageSecret?: Uint8Array;
  /** A file message's upload (its key, digests and path on WhatsApp's media servers). */
  media?: UploadedMedia;
}

export function buildWaOutgoing(content: MessageContent, options: BuildOptions): WaOutgoing {
  const built = buildContent(content, options);
  // An edit or a delete is a protocol message about another message: the secret is that message's. A poll's
  // secret is its own, kept with it: its votes are encrypted with a key made from it.
  if (content.kind === 'edit' || content.kind === 'delete') return built;
  const secret = content.poll ? Buffer.from(content.poll.secret, 'base64') : options.messageSecret;
  if (!secret) return built;
  return { ...built, message: { ...built.message, messageContextInfo: { messageSecret: secret } } };
}

function buildContent(content: MessageContent, options: BuildOptions): WaOutgoing {
  if (content.kind === 'edit' || content.kind === 'delete') return { message: { protocolMessage: changeOf(content, options) }, additionalNodes: [] };
  const quoted = options.quoted;
  const context: proto.IContextInfo = {
    ...(quoted ? { stanzaId: quoted.id, participant: quoted.participant, ...(quoted.message ? { quotedMessage: quoted.message } : {}) } : {}),
    ...(content.forwarded ? { isForwarded: true, forwardingScore: 1 } : {}),
  };
  const contextInfo = Object.keys(context).length > 0 ? context : undefined;
  const withContext = contextInfo ? { contextInfo } : {};
  if (content.kind === 'location') {
    const l = content.location!;
    const place = { ...(l.nameLocation ? { name: l.nameLocation } : {}), ...(l.address ? { address: l.address } : {}) };
    return { message: { locationMessage: { degreesLatitude: l.latitude, degreesLongitude: l.longitude, ...place, ...withContext } }, additionalNodes: [] };
  }
  if (content.kind === 'poll') {
    const poll = content.poll!;
    const pollCreationMessageV3 = {
      name: content.text,
      options: poll.options.map((optionName) => ({ optionName })),
      selectableOptionsCount: poll.multipleAnswers ? 0 : 1,
      ...withContext,
    };
    return { message: { pollCreationMessageV3 }, additionalNodes: [] };
  }
  if (content.kind === 'file') return { message: fileMessageOf(content, options.media!, withContext), additionalNodes: [] };
  if (content.kind === 'contact') {
    return { message: { contactMessage: { displayName: displayNameOf(content.contact!), vcard: vcardOf(content.contact!), ...withContext } }, additionalNodes: [] };
  }
  if (content.kind === 'text') {
    const preview = content.preview ? previewFields(content.preview) : undefined;
    return {
      message:
        contextInfo || preview
          ? { extendedTextMessage: { text: content.text, ...preview, ...(contextInfo ? { contextInfo } : {}) } }
          : { conversation: content.text },
      additionalNodes: [],
    };
  }
  const interactiveMessage: proto.Message.IInteractiveMessage = {
    body: { text: textAsSent(content) },
    nativeFlowMessage: {
      buttons: (content.buttons ?? []).map(nativeFlowButton),
      messageParamsJson: '{}',
      messageVersion: 1,
    },
    ...(content.header ? { header: { title: content.header, hasMediaAttachment: false } } : {}),
    ...(content.footer ? { footer: { text: content.footer } } : {}),
    ...(contextInfo ? { contextInfo } : {}),
  };
  return { message: { interactiveMessage }, additionalNodes: buttonNodes(options) };
}

/** A file as WhatsApp's kind for it: an image, a video, an audio (no caption there) or a named document. */
function fileMessageOf(content: MessageContent, media: UploadedMedia, withContext: { contextInfo?: proto.IContextInfo }): proto.IMessage {
  const caption = content.text ? { caption: content.text } : {};
  const fields = { ...media, ...withContext };
  switch (fileKindOf(media.mimetype)) {
    case 'image':
      return { imageMessage: { ...fields, ...caption } };
    case 'video':
      return { videoMessage: { ...fields, ...caption } };
    case 'audio':
      return { audioMessage: { ...fields, ptt: false } };
    case 'document':
      return { documentMessage: { ...fields, fileName: content.file!.fileName, ...caption } };
  }
}

/**
 * A preview the sender drew (GREEN-API's customPreview), as WhatsApp's own clients attach one to a text:
 * Waypost fetches nothing, so a preview without a title and a thumbnail shows only what was given.
 */
function previewFields(preview: LinkPreview): proto.Message.IExtendedTextMessage {
  return {
    ...(preview.link ? { matchedText: preview.link } : {}),
    ...(preview.title ? { title: preview.title } : {}),
    ...(preview.description ? { description: preview.description } : {}),
    ...(preview.jpegThumbnail ? { jpegThumbnail: Buffer.from(preview.jpegThumbnail, 'base64') } : {}),
    previewType: 0,
  };
}

/** An edit (MESSAGE_EDIT, with the new text) or a delete for everyone (REVOKE) of a message this account sent. */
function changeOf(content: MessageContent, options: BuildOptions): proto.Message.IProtocolMessage {
  const key = { remoteJid: jidOfChatId(options.chatId), fromMe: true, id: content.targetId ?? '' };
  if (content.kind === 'delete') return { type: 0, key };
  return { type: 14, key, editedMessage: { conversation: content.text }, timestampMs: options.nowSeconds * 1000 };
}

/** The native-flow button for each GREEN-API button type. */
function nativeFlowButton(button: Button): proto.Message.InteractiveMessage.NativeFlowMessage.INativeFlowButton {
  const params = (name: string, fields: Record<string, string>) => ({
    name,
    buttonParamsJson: JSON.stringify({ display_text: button.buttonText, ...fields }),
  });
  switch (button.type) {
    case 'url':
      return params('cta_url', { url: button.url ?? '', merchant_url: button.url ?? '' });
    case 'copy':
      return params('cta_copy', { copy_code: button.copyCode ?? '' });
    case 'call':
      return params('cta_call', { phone_number: button.phoneNumber ?? '' });
    case 'reply':
      return params('quick_reply', { id: button.buttonId });
  }
}

/** `<biz>` on every buttons message (at most one); `<bot biz_bot="1"/>` in direct chats only. */
function buttonNodes(options: BuildOptions): BinaryNode[] {
  const biz: BinaryNode = {
    tag: 'biz',
    attrs: { actual_actors: '2', host_storage: '2', privacy_mode_ts: String(options.nowSeconds) },
    content: [
      {
        tag: 'interactive',
        attrs: { type: 'native_flow', v: '1' },
        content: [{ tag: 'native_flow', attrs: { v: '9', name: 'mixed' } }],
      },
      { tag: 'quality_control', attrs: { source_type: 'third_party' } },
    ],
  };
  return isGroupChat(options.chatId) ? [biz] : [{ tag: 'bot', attrs: { biz_bot: '1' } }, biz];
}

