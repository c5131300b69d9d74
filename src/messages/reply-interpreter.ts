// Turns what arrives from a phone into the incoming record the bot hears about: a tap on a button, a
// quoted text, or text. A typed answer ("2", "green") to the chat's latest buttons message while it is
// unanswered (or to the buttons message the text quotes) stays text, as on GREEN-API, with Waypost's
// reading beside it (`buttonReply`); an instance may ask for it as the tap's reply event instead.
// A buttons message is answered only once, by a tap or by a typed answer.

import type { Clock } from '../core/clock.js';
import type { InstanceStore } from '../instances/instance-store.js';
import type { ButtonReply, IncomingMessage } from '../transports/transport.js';
import { hasReplyButtons, type OutgoingMessage } from './message.js';
import { buttonReplyData, outgoingMessageData, quotedTextData, textMessageData, withTypedButtonReply, type MessageData } from './message-data.js';
import type { IncomingRecord, MessageJournalStore } from './message-journal-store.js';
import type { MessageStore } from './message-store.js';
import { matchTypedAnswer } from './typed-answer.js';

export interface ReplyInterpreterDeps {
  instances: Pick<InstanceStore, 'getInstance'>;
  messages: MessageStore;
  journal: MessageJournalStore;
  clock: Clock;
}

export function createReplyInterpreter(deps: ReplyInterpreterDeps) {
  const { instances, messages, journal } = deps;

  async function answer(message: OutgoingMessage, buttonId: string): Promise<boolean> {
    return journal.markAnswered(message.idInstance, message.idMessage, buttonId, deps.clock.now());
  }

  async function tapData(idInstance: number, incoming: IncomingMessage): Promise<MessageData | null> {
    const tapped = incoming.buttonReply!;
    const { target, reply } = tapped.stanzaId
      ? { target: await messages.getMessage(idInstance, tapped.stanzaId), reply: tapped }
      : await tappedWithoutId(idInstance, incoming, tapped);
    if (!target || !hasReplyButtons(target.content)) {
      // A reply to a message Waypost did not send (sent from the phone itself): pass it on as it came.
      return buttonReplyData({ kind: 'buttons', stanzaId: reply.stanzaId }, reply);
    }
    if (!(await answer(target, reply.buttonId))) return null;
    return buttonReplyData({ kind: target.content.kind, stanzaId: target.idMessage }, reply);
  }

  /**
   * A tap whose network left out the buttons message's id: the chat's latest buttons message, when it is
   * still open and has that button. Otherwise it is passed on with the stanza unknown, never dropped.
   */
  async function tappedWithoutId(
    idInstance: number,
    incoming: IncomingMessage,
    tapped: ButtonReply,
  ): Promise<{ target?: OutgoingMessage; reply: ButtonReply }> {
    const latest = await latestButtonsMessage(idInstance, incoming);
    const buttons = latest?.answeredButtonId === null ? latest.content.buttons ?? [] : [];
    const button = buttons.find((b) => (tapped.buttonId ? b.buttonId === tapped.buttonId : b.buttonText === tapped.buttonText));
    if (!latest || !button) return { reply: tapped };
    return { target: latest, reply: { ...tapped, buttonId: button.buttonId, buttonText: tapped.buttonText || button.buttonText } };
  }

  /** The chat's latest buttons message, under whichever id the chat is known (a phone number or a LID). */
  async function latestButtonsMessage(idInstance: number, incoming: IncomingMessage): Promise<OutgoingMessage | undefined> {
    const chats = [incoming.chatId, ...(incoming.chatAliases ?? [])];
    const found = await Promise.all(chats.map((chatId) => journal.latestButtonsMessage(idInstance, chatId)));
    return found.reduce<OutgoingMessage | undefined>((latest, m) => (m && (!latest || m.acceptedAt > latest.acceptedAt) ? m : latest), undefined);
  }

  /** A vote: recorded as the voter's current choice, and told with every voter's, as GREEN-API tallies. */
  async function pollUpdateData(idInstance: number, incoming: IncomingMessage): Promise<MessageData> {
    const { stanzaId, selectedOptions } = incoming.pollVote!;
    const poll = await messages.getMessage(idInstance, stanzaId);
    const tally = await journal.recordPollVote(idInstance, stanzaId, { voter: incoming.sender, options: selectedOptions, at: incoming.receivedAt });
    const options = poll?.content.poll?.options ?? [...new Set([...tally.values()].flat())];
    const votes = options.map((optionName) => ({
      optionName,
      optionVoters: [...tally].filter(([, chosen]) => chosen.includes(optionName)).map(([voter]) => voter),
    }));
    return {
      typeMessage: 'pollUpdateMessage',
      pollMessageData: { stanzaId, name: poll?.content.text ?? '', votes, multipleAnswers: poll?.content.poll?.multipleAnswers ?? false },
    };
  }

  /**
   * The buttons message a typed text may answer: the quoted one, else the chat's latest. Once answered it
   * takes no more answers, and an older one does not stand in for it (that would surprise the person).
   */
  async function answerable(idInstance: number, incoming: IncomingMessage): Promise<OutgoingMessage | undefined> {
    const quoted = incoming.quotedMessageId ? await messages.getMessage(idInstance, incoming.quotedMessageId) : undefined;
    const target = incoming.quotedMessageId ? quoted : await latestButtonsMessage(idInstance, incoming);
    const sameChat = target && [incoming.chatId, ...(incoming.chatAliases ?? [])].includes(target.chatId);
    if (!target || !sameChat || !hasReplyButtons(target.content)) return undefined;
    return target.answeredButtonId === null ? target : undefined;
  }

  async function textData(idInstance: number, incoming: IncomingMessage): Promise<MessageData> {
    const text = incoming.text ?? '';
    const data = incoming.quotedMessageId
      ? quotedTextData(text, { stanzaId: incoming.quotedMessageId, ...(await quotedOf(idInstance, incoming.quotedMessageId)) })
      : textMessageData(text);
    const target = await answerable(idInstance, incoming);
    const button = target ? matchTypedAnswer(text, target.content.buttons ?? []) : undefined;
    if (!target || !button || !(await answer(target, button.buttonId))) return data;
    const instance = await instances.getInstance(idInstance);
    if (instance?.settings.typedAnswersAsButtonReplies === 'yes') {
      return buttonReplyData({ kind: target.content.kind, stanzaId: target.idMessage }, button, text);
    }
    return withTypedButtonReply(data, target.idMessage, button);
  }

  async function quotedOf(idInstance: number, idMessage: string): Promise<{ participant: string; quoted?: MessageData }> {
    const outgoing = await messages.getMessage(idInstance, idMessage);
    const instance = await instances.getInstance(idInstance);
    if (outgoing) return { participant: instance?.wid ?? '', quoted: outgoingMessageData(outgoing.content) };
    const incoming = await journal.getIncoming(idInstance, idMessage);
    if (incoming) return { participant: incoming.sender, quoted: incoming.messageData as MessageData };
    return { participant: '' };
  }

  return {
    /** The record to keep and report, or null when there is nothing to report (a second tap, a duplicate). */
    async interpret(idInstance: number, incoming: IncomingMessage): Promise<IncomingRecord | null> {
      if (await journal.getIncoming(idInstance, incoming.idMessage)) return null;
      const messageData = incoming.buttonReply
        ? await tapData(idInstance, incoming)
        : incoming.pollVote
          ? await pollUpdateData(idInstance, incoming)
          : incoming.other
          ? { typeMessage: incoming.other.typeMessage, ...incoming.other.data }
          : await textData(idInstance, incoming);
      if (!messageData) return null;
      const record: IncomingRecord = {
        idInstance,
        idMessage: incoming.idMessage,
        chatId: incoming.chatId,
        sender: incoming.sender,
        senderName: incoming.senderName,
        receivedAt: incoming.receivedAt,
        messageData,
      };
      return (await journal.recordIncoming(record)) ? record : null;
    },
  };
}

export type ReplyInterpreter = ReturnType<typeof createReplyInterpreter>;
