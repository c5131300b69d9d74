import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instance } from '../instances/instance.js';
import { defaultSettings } from '../instances/settings.js';
import { isWanted, outgoingStatusBody, type NotificationBody } from './notification-bodies.js';

const instance: Instance = {
  idInstance: 1101000001,
  name: '',
  apiToken: 'x',
  createdAt: 0,
  deletedAt: null,
  settings: { ...defaultSettings(), outgoingWebhook: 'no' },
  state: 'authorized',
  wid: '79990000001@c.us',
  transportAuth: null,
  lastSendAt: null,
};
const event = { idInstance: 1101000001, idMessage: 'BAE5AAAAAAAAAAAA', chatId: '79990000002@c.us', at: 1_700_000_000_000, description: null };

describe('notification bodies', () => {
  it('reports a message that expired in the queue as failed, saying so', () => {
    const body = outgoingStatusBody(instance, { ...event, status: 'expired', description: 'expired in the queue' });
    assert.equal(body.status, 'failed');
    assert.match(String(body.description), /^expired/);
    assert.equal(body.timestamp, 1_700_000_000);
    assert.equal(body.sendByApi, true);
  });

  it('lets failures through whatever the flags say, and holds the rest to them', () => {
    for (const status of ['failed', 'noAccount', 'notInGroup', 'expired'] as const) {
      assert.equal(isWanted(instance, outgoingStatusBody(instance, { ...event, status })), true, status);
    }
    for (const status of ['sent', 'delivered', 'read'] as const) {
      assert.equal(isWanted(instance, outgoingStatusBody(instance, { ...event, status })), false, status);
    }
  });

  it('switches incoming edits and deletions by their own flags, other incoming kinds by incomingWebhook', () => {
    const incoming = (typeMessage: string) => ({ typeWebhook: 'incomingMessageReceived', messageData: { typeMessage } }) as unknown as NotificationBody;
    const quiet = { ...instance, settings: { ...instance.settings, editedMessageWebhook: 'no' as const, deletedMessageWebhook: 'no' as const } };
    assert.equal(isWanted(quiet, incoming('editedMessage')), false);
    assert.equal(isWanted(quiet, incoming('deletedMessage')), false);
    assert.equal(isWanted(quiet, incoming('reactionMessage')), true);
    const noIncoming = { ...instance, settings: { ...instance.settings, incomingWebhook: 'no' as const } };
    assert.equal(isWanted(noIncoming, incoming('editedMessage')), true, 'an edit has its own switch');
    assert.equal(isWanted(noIncoming, incoming('textMessage')), false);
  });
});
