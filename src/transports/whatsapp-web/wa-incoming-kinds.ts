// Incoming WhatsApp messages beyond texts and button replies, as GREEN-API's `messageData` (files,
// locations, contacts, reactions, polls, edits, deletions). Nothing a person sent is dropped: a kind
// without a GREEN-API shape arrives as `unsupportedMessage` naming its proto field, so the bot knows
// something came (and the transport counts it).

import { proto } from 'baileys';
import { changeData, reactionData } from '../../messages/message-data.js';
import { asOtherMessage, type OtherMessage } from '../transport.js';
import { fileFields } from './wa-media.js';

const unsupportedTypeMessage = 'unsupportedMessage';

/** The proto kind of a message reported as unsupportedMessage, or null for a mapped one. */
export function unsupportedKindOf(other: OtherMessage | undefined): string | null {
  if (other?.typeMessage !== unsupportedTypeMessage) return null;
  return (other.data.unsupportedMessageData as { kind: string }).kind;
}

/** What a message that is not a text or a button reply is: its GREEN-API shape, or null to skip it. */
export function otherMessageOf(content: proto.IMessage): OtherMessage | null {
  const file = fileMessageOf(content);
  if (file) return file;
  if (content.locationMessage || content.liveLocationMessage) {
    const l = (content.locationMessage ?? content.liveLocationMessage) as proto.Message.ILocationMessage;
    return {
      typeMessage: 'locationMessage',
      data: {
        locationMessageData: {
          nameLocation: l.name ?? '',
          address: l.address ?? '',
          latitude: l.degreesLatitude ?? 0,
          longitude: l.degreesLongitude ?? 0,
          jpegThumbnail: base64(l.jpegThumbnail),
        },
      },
    };
  }
  if (content.contactMessage) {
    const c = content.contactMessage;
    return { typeMessage: 'contactMessage', data: { contactMessageData: { displayName: c.displayName ?? '', vcard: c.vcard ?? '' } } };
  }
  if (content.contactsArrayMessage) {
    const contacts = (content.contactsArrayMessage.contacts ?? []).map((c) => ({ displayName: c.displayName ?? '', vcard: c.vcard ?? '' }));
    return { typeMessage: 'contactsArrayMessage', data: { messageData: { contacts } } };
  }
  if (content.reactionMessage) {
    const r = content.reactionMessage;
    return asOtherMessage(reactionData(r.key?.id ?? '', r.text ?? ''));
  }
  const poll = content.pollCreationMessage ?? content.pollCreationMessageV2 ?? content.pollCreationMessageV3;
  if (poll) {
    return {
      typeMessage: 'pollMessage',
      data: {
        pollMessageData: {
          name: poll.name ?? '',
          options: (poll.options ?? []).map((o) => ({ optionName: o.optionName ?? '' })),
          multipleAnswers: (poll.selectableOptionsCount ?? 1) !== 1,
        },
      },
    };
  }
  if (content.protocolMessage) return protocolMessageOf(content.protocolMessage);
  const kind = kindOf(content);
  return kind ? { typeMessage: unsupportedTypeMessage, data: { unsupportedMessageData: { kind } } } : null;
}

/** Files: `downloadUrl` is filled once the gateway has downloaded and kept the file (wa-media.ts). */
function fileMessageOf(content: proto.IMessage): OtherMessage | null {
  for (const kind of fileFields) {
    const file = content[kind] as
      | (proto.Message.IImageMessage & proto.Message.IDocumentMessage & proto.Message.IAudioMessage & proto.Message.IStickerMessage)
      | null
      | undefined;
    if (!file) continue;
    const fileMessageData: Record<string, unknown> = {
      downloadUrl: '',
      caption: file.caption ?? '',
      fileName: file.fileName ?? '',
      jpegThumbnail: base64(file.jpegThumbnail),
      mimeType: file.mimetype ?? '',
    };
    if (kind === 'audioMessage') fileMessageData.isVoice = file.ptt === true;
    if (kind === 'stickerMessage') fileMessageData.isAnimated = file.isAnimated === true;
    return { typeMessage: kind, data: { fileMessageData } };
  }
  return null;
}

/** Edits and deletions a person made; the protocol's own housekeeping (key shares, history sync) is skipped. */
function protocolMessageOf(message: proto.Message.IProtocolMessage): OtherMessage | null {
  const stanzaId = message.key?.id ?? '';
  if (message.type === proto.Message.ProtocolMessage.Type.REVOKE) return asOtherMessage(changeData(stanzaId, null));
  if (message.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
    const edited = message.editedMessage;
    return asOtherMessage(changeData(stanzaId, edited?.conversation ?? edited?.extendedTextMessage?.text ?? ''));
  }
  return null;
}

/** Fields that travel beside the content and are not a kind of message themselves. */
const notKinds = new Set(['messageContextInfo', 'senderKeyDistributionMessage']);

function kindOf(content: proto.IMessage): string | null {
  return Object.keys(content).find((key) => !notKinds.has(key) && content[key as keyof proto.IMessage] != null) ?? null;
}

function base64(bytes: Uint8Array | null | undefined): string {
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('base64') : '';
}
