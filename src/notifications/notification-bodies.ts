// The JSON bodies of notifications, in GREEN-API's shapes, and which settings flag lets each through.

import type { Instance } from '../instances/instance.js';
import type { YesNoSettingName } from '../instances/settings.js';
import type { MessageStatusEvent } from '../messages/message-events.js';
import { outgoingMessageData, quotedTextData, textMessageData } from '../messages/message-data.js';
import { expiredDescription, type OutgoingMessage } from '../messages/message.js';
import type { IncomingRecord } from '../messages/message-journal-store.js';
import type { ReachoutLock } from '../transports/reachout-lock.js';
import type { IncomingMessage } from '../transports/transport.js';

export type NotificationBody = Record<string, unknown> & { typeWebhook: string };

function envelope(instance: Instance, typeWebhook: string, at: number) {
  return {
    typeWebhook,
    instanceData: { idInstance: instance.idInstance, wid: instance.wid ?? '', typeInstance: 'whatsapp' },
    timestamp: Math.floor(at / 1000),
  };
}

/** The message as the API sent it, when it left the gateway. */
export function outgoingApiMessageBody(
  instance: Instance,
  message: Pick<OutgoingMessage, 'idMessage' | 'chatId' | 'content'>,
  at: number,
): NotificationBody {
  return {
    ...envelope(instance, 'outgoingAPIMessageReceived', at),
    idMessage: message.idMessage,
    senderData: {
      chatId: message.chatId,
      chatName: '',
      sender: instance.wid ?? '',
      senderName: '',
      senderContactName: '',
    },
    messageData: outgoingMessageData(message.content),
  };
}

/** Waypost's `expired` is GREEN-API's `failed`, with a description that says so. */
export function outgoingStatusBody(instance: Instance, event: MessageStatusEvent): NotificationBody {
  const status = event.status === 'expired' ? 'failed' : event.status;
  const description = event.status === 'expired' ? expiredDescription : event.description;
  return {
    ...envelope(instance, 'outgoingMessageStatus', event.at),
    chatId: event.chatId,
    idMessage: event.idMessage,
    status,
    sendByApi: true,
    ...(description ? { description } : {}),
  };
}

export function incomingMessageBody(instance: Instance, record: IncomingRecord): NotificationBody {
  return {
    ...envelope(instance, 'incomingMessageReceived', record.receivedAt),
    idMessage: record.idMessage,
    senderData: {
      chatId: record.chatId,
      chatName: record.senderName,
      sender: record.sender,
      senderName: record.senderName,
      senderContactName: '',
    },
    messageData: record.messageData,
  };
}

/** A message the linked phone itself sent (a person answering in the chat), in GREEN-API's shape. */
export function outgoingFromPhoneBody(instance: Instance, message: IncomingMessage): NotificationBody {
  const text = message.text ?? '';
  return {
    ...envelope(instance, 'outgoingMessageReceived', message.receivedAt),
    idMessage: message.idMessage,
    senderData: { chatId: message.chatId, chatName: '', sender: instance.wid ?? message.sender, senderName: message.senderName, senderContactName: '' },
    messageData: message.other
      ? { typeMessage: message.other.typeMessage, ...message.other.data }
      : message.quotedMessageId
        ? quotedTextData(text, { stanzaId: message.quotedMessageId, participant: '' })
        : textMessageData(text),
  };
}

export function stateChangedBody(instance: Instance, at: number): NotificationBody {
  return { ...envelope(instance, 'stateInstanceChanged', at), stateInstance: instance.state };
}

/**
 * Waypost's own, beside GREEN-API's stateInstanceChanged: WhatsApp's reach-out time lock started, changed or
 * ended (while it holds, sends to new chats fail). Switched by stateWebhook.
 */
export function reachoutLockBody(instance: Instance, lock: ReachoutLock, at: number): NotificationBody {
  return { ...envelope(instance, 'reachoutTimeLockChanged', at), reachoutTimeLock: reachoutLockView(lock) };
}

/** The lock as the API shows it: times in unix seconds, as GREEN-API writes them. */
export function reachoutLockView(lock: ReachoutLock): Record<string, unknown> {
  return {
    isActive: lock.isActive,
    timeEnforcementEnds: lock.timeEnforcementEnds === null ? null : Math.floor(lock.timeEnforcementEnds / 1000),
    enforcementType: lock.enforcementType,
  };
}

/** Failures always go out, whatever the flags: a bot must learn that a message will not arrive. */
const alwaysReported = new Set(['failed', 'noAccount', 'notInGroup']);

/** Incoming kinds with a switch of their own, as on GREEN-API. */
const incomingFlags: Record<string, YesNoSettingName> = {
  editedMessage: 'editedMessageWebhook',
  deletedMessage: 'deletedMessageWebhook',
  pollUpdateMessage: 'pollMessageWebhook',
};

export function flagOf(body: NotificationBody): YesNoSettingName | null {
  switch (body.typeWebhook) {
    case 'outgoingAPIMessageReceived':
      return 'outgoingAPIMessageWebhook';
    case 'outgoingMessageReceived':
      return 'outgoingMessageWebhook';
    case 'outgoingMessageStatus':
      return alwaysReported.has(body.status as string) ? null : 'outgoingWebhook';
    case 'incomingMessageReceived':
      return incomingFlags[(body.messageData as { typeMessage?: string } | undefined)?.typeMessage ?? ''] ?? 'incomingWebhook';
    case 'stateInstanceChanged':
    case 'reachoutTimeLockChanged':
      return 'stateWebhook';
    default:
      return null;
  }
}

export function isWanted(instance: Instance, body: NotificationBody): boolean {
  const flag = flagOf(body);
  return flag === null || instance.settings[flag] === 'yes';
}
