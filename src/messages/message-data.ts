// GREEN-API's `messageData` shapes: for messages the API sent (outgoingAPIMessageReceived, the journal)
// and for what arrives from phones (incomingMessageReceived): text, quotes, and button replies.

import type { Button, ContentKind, MessageContent } from './message.js';
import { fileKindOf, mimeTypeOf, typeMessageOfKind } from '../files/file-kinds.js';
import { displayNameOf, vcardOf } from './vcard.js';

export type MessageData = Record<string, unknown> & { typeMessage: string };

function withoutEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The messageData of a message the API sent, as GREEN-API shows it in notifications and the journal. */
export function outgoingMessageData(content: MessageContent): MessageData {
  const buttons = content.buttons ?? [];
  switch (content.kind) {
    case 'text':
      return { typeMessage: 'textMessage', textMessageData: { textMessage: content.text } };
    case 'buttons':
      return {
        typeMessage: 'buttonsMessage',
        buttonsMessage: withoutEmpty({
          contentText: content.text,
          footer: content.footer,
          buttons: buttons.map((b) => ({ buttonId: b.buttonId, buttonText: b.buttonText })),
        }),
      };
    case 'interactiveButtonsReply':
      return {
        typeMessage: 'interactiveButtonsReply',
        interactiveButtonsReply: withoutEmpty({
          titleText: content.header,
          contentText: content.text,
          footerText: content.footer,
          buttons: buttons.map((b) => ({ type: 'reply', buttonId: b.buttonId, buttonText: b.buttonText })),
        }),
      };
    case 'location': {
      const l = content.location!;
      return {
        typeMessage: 'locationMessage',
        locationMessageData: { nameLocation: l.nameLocation ?? '', address: l.address ?? '', latitude: l.latitude, longitude: l.longitude, jpegThumbnail: '' },
      };
    }
    case 'contact':
      return { typeMessage: 'contactMessage', contactMessageData: { displayName: displayNameOf(content.contact!), vcard: vcardOf(content.contact!) } };
    case 'poll':
      return {
        typeMessage: 'pollMessage',
        pollMessageData: { name: content.text, options: content.poll!.options.map((optionName) => ({ optionName })), multipleAnswers: content.poll!.multipleAnswers },
      };
    case 'file': {
      const { urlFile, fileName } = content.file!;
      const mimeType = mimeTypeOf(fileName);
      return {
        typeMessage: typeMessageOfKind[fileKindOf(mimeType)],
        fileMessageData: { downloadUrl: urlFile, caption: content.text, fileName, jpegThumbnail: '', mimeType },
      };
    }
    case 'edit':
      return { typeMessage: 'editedMessage', editedMessageData: { textMessage: content.text, stanzaId: content.targetId } };
    case 'delete':
      return { typeMessage: 'deletedMessage', deletedMessageData: { stanzaId: content.targetId } };
    case 'interactiveButtons':
      return {
        typeMessage: 'interactiveButtons',
        interactiveButtons: withoutEmpty({
          titleText: content.header,
          contentText: content.text,
          footerText: content.footer,
          buttons: buttons.map((b) => withoutEmpty({ ...b })),
        }),
      };
  }
}

export interface ReplySource {
  /** The kind of the message whose button was chosen. */
  kind: ContentKind;
  stanzaId: string;
}

/**
 * A chosen button as GREEN-API reports a tap, in the shape of the message it answers. `typedText` marks an
 * answer typed as text (delivered this way only when the instance asks for it: typedAnswersAsButtonReplies).
 */
export function buttonReplyData(source: ReplySource, button: Pick<Button, 'buttonId' | 'buttonText'>, typedText?: string): MessageData {
  const typed = typedText === undefined ? {} : { typed: true, typedText };
  if (source.kind === 'interactiveButtonsReply') {
    return {
      typeMessage: 'interactiveButtonsResponse',
      interactiveButtonsResponse: {
        stanzaId: source.stanzaId,
        selectedId: button.buttonId,
        selectedDisplayText: button.buttonText,
        ...typed,
      },
    };
  }
  return {
    typeMessage: 'buttonsResponseMessage',
    buttonsResponseMessage: {
      stanzaId: source.stanzaId,
      selectedButtonId: button.buttonId,
      selectedButtonText: button.buttonText,
      ...typed,
    },
  };
}

/**
 * Waypost's reading of a typed answer, added beside the text it came as (`messageData.buttonReply`): the
 * text stays GREEN-API's textMessage or quotedMessage, so bots that route typed numbers keep working.
 */
export function withTypedButtonReply(data: MessageData, stanzaId: string, button: Pick<Button, 'buttonId' | 'buttonText'>): MessageData {
  return { ...data, buttonReply: { stanzaId, selectedButtonId: button.buttonId, selectedButtonText: button.buttonText, typed: true } };
}

/** A reaction to a message (an empty emoji takes it back), as GREEN-API reports one. */
export function reactionData(stanzaId: string, emoji: string): MessageData {
  return { typeMessage: 'reactionMessage', extendedTextMessageData: { text: emoji }, quotedMessage: { stanzaId } };
}

/** An edit (the new text) or a deletion (null) of a message, as GREEN-API reports both, sent or received. */
export function changeData(stanzaId: string, text: string | null): MessageData {
  return outgoingMessageData(text === null ? { kind: 'delete', text: '', targetId: stanzaId } : { kind: 'edit', text, targetId: stanzaId });
}

export function textMessageData(text: string): MessageData {
  return { typeMessage: 'textMessage', textMessageData: { textMessage: text } };
}

/** A text that quotes an earlier message; `quoted` is that message's own messageData, if it is known. */
export function quotedTextData(text: string, quote: { stanzaId: string; participant: string; quoted?: MessageData }): MessageData {
  return {
    typeMessage: 'quotedMessage',
    extendedTextMessageData: { text, stanzaId: quote.stanzaId, participant: quote.participant },
    quotedMessage: { stanzaId: quote.stanzaId, participant: quote.participant, ...(quote.quoted ?? { typeMessage: 'unknown' }) },
  };
}
