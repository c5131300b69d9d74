// The table of GREEN-API instance methods Waypost answers. Adding a method is adding a module and a line.

import type { ApiMethod } from '../api-method.js';
import { checkWhatsapp, getAuthorizationCode, getStateInstance, getWaSettings, logout, qr, reboot } from './account-methods.js';
import { getChatHistory, getMessage, lastIncomingMessages, lastOutgoingMessages } from './journal-methods.js';
import { deleteNotification, receiveNotification } from './notification-methods.js';
import { readChat } from './read-chat.js';
import { deleteMessage, editMessage } from './edit-and-delete.js';
import { forwardMessages } from './forward-messages.js';
import { sendPoll } from './send-poll.js';
import { downloadFile, sendFileByUpload, sendFileByUrl, uploadFile } from './file-methods.js';
import { sendContact, sendLocation } from './send-location-and-contact.js';
import { clearMessagesQueue, clearWebhooksQueue, getMessagesCount, getWebhooksCount, showMessagesQueue } from './queue-methods.js';
import { sendButtons } from './send-buttons.js';
import { sendInteractiveButtons } from './send-interactive-buttons.js';
import { sendInteractiveButtonsReply } from './send-interactive-buttons-reply.js';
import { sendMessage } from './send-message.js';
import { getSettings, setSettings } from './settings-methods.js';

export const apiMethods: readonly ApiMethod[] = [
  sendButtons,
  sendInteractiveButtonsReply,
  sendInteractiveButtons,
  sendMessage,
  sendLocation,
  sendContact,
  sendPoll,
  sendFileByUrl,
  sendFileByUpload,
  uploadFile,
  downloadFile,
  forwardMessages,
  editMessage,
  deleteMessage,
  getSettings,
  setSettings,
  getStateInstance,
  qr,
  getAuthorizationCode,
  logout,
  reboot,
  getWaSettings,
  checkWhatsapp,
  readChat,
  showMessagesQueue,
  clearMessagesQueue,
  getMessagesCount,
  getWebhooksCount,
  clearWebhooksQueue,
  receiveNotification,
  deleteNotification,
  getMessage,
  getChatHistory,
  lastIncomingMessages,
  lastOutgoingMessages,
];

const byLowerName = new Map(apiMethods.map((method) => [method.name.toLowerCase(), method]));

/** Method names match case-insensitively (docs write SendMessage, SDKs send sendMessage). */
export function findMethod(name: string): ApiMethod | undefined {
  return byLowerName.get(name.toLowerCase());
}

export const methodNames = apiMethods.map((method) => method.name);
