// Instance settings in GREEN-API's shape: defaults for a new instance and validation of setSettings.

import { validationError } from '../core/errors.js';

export type YesNo = 'yes' | 'no';

/** Notification switches: Waypost's instances start them "yes" (GREEN-API starts them "no"). */
const notificationFlagNames = [
  'outgoingWebhook',
  'outgoingMessageWebhook',
  'outgoingAPIMessageWebhook',
  'incomingWebhook',
  'deviceWebhook',
  'stateWebhook',
  'pollMessageWebhook',
  'incomingCallWebhook',
  'editedMessageWebhook',
  'deletedMessageWebhook',
] as const;

/** Flags that start "no". */
const offByDefaultFlagNames = [
  'markIncomingMessagesReaded',
  'markIncomingMessagesReadedOnReply',
  'keepOnlineStatus',
  // GREEN-API names its SDKs' types carry that Waypost keeps and shows, but does not act on (README).
  'incomingBlockWebhook',
  'statusInstanceWebhook',
  'sharedSession',
  'enableMessagesHistory',
  'enableLidMode',
  'linkPreview',
  // Waypost's own: report a typed answer ("2") as the tap's reply event instead of as text.
  'typedAnswersAsButtonReplies',
] as const;

export const yesNoSettingNames = [
  ...notificationFlagNames,
  ...offByDefaultFlagNames,
  // Waypost's own: write reply buttons into the text as a numbered list ("1 - green").
  'numberedButtonsText',
] as const;

export type YesNoSettingName = (typeof yesNoSettingNames)[number];

/** How an instance reaches WhatsApp: the simulated network, or real WhatsApp through WhatsApp Web. */
export const transportNames = ['sandbox', 'whatsapp-web'] as const;
export type TransportName = (typeof transportNames)[number];

export function transportNameOf(value: unknown): TransportName | undefined {
  return transportNames.find((name) => name === value);
}

export type InstanceSettings = {
  /** Waypost's own: which transport links this instance (changing it unlinks the instance). */
  transport: TransportName;
  webhookUrl: string;
  webhookUrlToken: string;
  delaySendMessagesMilliseconds: number;
  /** GREEN-API's automatic "typing..." level, 0 (off) to 4: kept and shown, not acted on. */
  autoTyping: number;
} & Record<YesNoSettingName, YesNo>;

export const minSendDelayMs = 500;
export const maxSendDelayMs = 600_000;

/** Fields getSettings shows that a client may echo back in setSettings; they are ignored there. */
const readOnlyFields = new Set(['wid', 'countryInstance', 'typeAccount', 'typeInstance']);

/**
 * Waypost's own instances start with the notification flags on (GREEN-API starts them "no"): a bot
 * built against Waypost hears about its messages without a setSettings call first.
 */
export function defaultSettings(): InstanceSettings {
  const flags = (names: readonly YesNoSettingName[], value: YesNo) => Object.fromEntries(names.map((name) => [name, value]));
  return {
    transport: 'sandbox',
    webhookUrl: '',
    webhookUrlToken: '',
    delaySendMessagesMilliseconds: minSendDelayMs,
    autoTyping: 0,
    ...flags(notificationFlagNames, 'yes'),
    ...flags(offByDefaultFlagNames, 'no'),
    numberedButtonsText: 'yes',
  } as InstanceSettings;
}

/** Validates a setSettings body (any subset of fields); unknown fields are refused by name. */
export function parseSettingsPatch(body: unknown): Partial<InstanceSettings> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError('request body must be a JSON object of settings');
  }
  const patch: Partial<InstanceSettings> = {};
  for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
    if (readOnlyFields.has(field)) continue;
    if (field === 'transport') patch.transport = parseTransportName(value);
    else if (field === 'webhookUrl') patch.webhookUrl = parseWebhookUrl(value);
    else if (field === 'webhookUrlToken') patch.webhookUrlToken = parseWebhookToken(value);
    else if (field === 'delaySendMessagesMilliseconds') patch.delaySendMessagesMilliseconds = parseDelay(value);
    else if (field === 'autoTyping') patch.autoTyping = parseAutoTyping(value);
    else if ((yesNoSettingNames as readonly string[]).includes(field)) {
      patch[field as YesNoSettingName] = parseYesNo(field, value);
    } else throw validationError(`'${field}' is not a known setting`);
  }
  return patch;
}

function parseTransportName(value: unknown): TransportName {
  const name = transportNameOf(value);
  if (!name) throw validationError(`'transport' must be one of ${transportNames.map((n) => `"${n}"`).join(', ')}`);
  return name;
}

function parseWebhookUrl(value: unknown): string {
  if (value === null || value === '') return '';
  if (typeof value !== 'string') throw validationError("'webhookUrl' must be a string");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw validationError("'webhookUrl' must be an http or https URL");
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw validationError("'webhookUrl' must be an http or https URL");
  }
  if (value.length > 2048) throw validationError("'webhookUrl' must be at most 2048 characters long");
  return value;
}

function parseWebhookToken(value: unknown): string {
  if (value === null || value === '') return '';
  if (typeof value !== 'string') throw validationError("'webhookUrlToken' must be a string");
  if (value.length > 512) throw validationError("'webhookUrlToken' must be at most 512 characters long");
  if (/[\r\n]/.test(value)) throw validationError("'webhookUrlToken' must not contain line breaks");
  return value;
}

function parseDelay(value: unknown): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw validationError("'delaySendMessagesMilliseconds' must be an integer");
  }
  if (number < minSendDelayMs || number > maxSendDelayMs) {
    throw validationError(
      `'delaySendMessagesMilliseconds' must be between ${minSendDelayMs} and ${maxSendDelayMs}`,
    );
  }
  return number;
}

function parseAutoTyping(value: unknown): number {
  if (value === 'yes' || value === 'no') return value === 'yes' ? 1 : 0;
  const number = typeof value === 'string' && /^\d$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 4) {
    throw validationError("'autoTyping' must be an integer from 0 (off) to 4");
  }
  return number;
}

function parseYesNo(field: string, value: unknown): YesNo {
  if (value === 'yes' || value === 'no') return value;
  throw validationError(`'${field}' must be "yes" or "no"`);
}
