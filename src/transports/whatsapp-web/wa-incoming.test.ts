// Reading what WhatsApp Web delivers: every reply shape, wrappers, @lid senders, groups, and statuses.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { proto, WAMessage } from 'baileys';
import { incomingFromWa, receiptOfStatus } from './wa-incoming.js';

const from = '79990000002@s.whatsapp.net';
const wa = (message: proto.IMessage, key: Partial<WAMessage['key']> = {}): WAMessage => ({
  key: { remoteJid: from, fromMe: false, id: '3EB0000000000001', ...key },
  message,
  messageTimestamp: 1_795_000_000,
  pushName: 'Ann',
});

describe('incoming WhatsApp Web messages', () => {
  it('a text, with its sender, name and time', () => {
    assert.deepEqual(incomingFromWa(wa({ conversation: 'hello' })), {
      idMessage: '3EB0000000000001',
      chatId: '79990000002@c.us',
      sender: '79990000002@c.us',
      senderName: 'Ann',
      receivedAt: 1_795_000_000_000,
      text: 'hello',
    });
  });

  it('a quoting text names the quoted message', () => {
    const message = incomingFromWa(wa({ extendedTextMessage: { text: 'this one', contextInfo: { stanzaId: 'BAE5000000000001' } } }));
    assert.equal(message?.text, 'this one');
    assert.equal(message?.quotedMessageId, 'BAE5000000000001');
  });

  it('unwraps ephemeral and view-once wrappers first', () => {
    const message = incomingFromWa(wa({ ephemeralMessage: { message: { extendedTextMessage: { text: 'vanishing' } } } }));
    assert.equal(message?.text, 'vanishing');
  });

  const replies: Array<[string, proto.IMessage, string, string]> = [
    [
      'a native-flow reply (paramsJson.id)',
      {
        interactiveResponseMessage: {
          body: { text: 'Yes' },
          nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"1","display_text":"Yes"}', version: 3 },
          contextInfo: { stanzaId: 'BAE5000000000001' },
        },
      },
      '1',
      'Yes',
    ],
    [
      'a legacy buttons reply',
      { buttonsResponseMessage: { selectedButtonId: 'no', selectedDisplayText: 'No', contextInfo: { stanzaId: 'BAE5000000000001' } } },
      'no',
      'No',
    ],
    [
      'a template button reply',
      { templateButtonReplyMessage: { selectedId: 't2', selectedDisplayText: 'Later', contextInfo: { stanzaId: 'BAE5000000000001' } } },
      't2',
      'Later',
    ],
    [
      'a list reply',
      {
        listResponseMessage: {
          title: 'Blue',
          singleSelectReply: { selectedRowId: 'row-blue' },
          contextInfo: { stanzaId: 'BAE5000000000001' },
        },
      },
      'row-blue',
      'Blue',
    ],
  ];
  for (const [name, message, buttonId, buttonText] of replies) {
    it(`${name} becomes a button reply to the message that carried the buttons`, () => {
      assert.deepEqual(incomingFromWa(wa(message))?.buttonReply, { stanzaId: 'BAE5000000000001', buttonId, buttonText });
    });
  }

  it('a native-flow reply without an id or without the quoted message is not a button reply', () => {
    const noId = wa({ interactiveResponseMessage: { nativeFlowResponseMessage: { paramsJson: 'not json' }, contextInfo: { stanzaId: 'B' } } });
    const noStanza = wa({ interactiveResponseMessage: { nativeFlowResponseMessage: { paramsJson: '{"id":"1"}' } } });
    assert.equal(incomingFromWa(noId), null);
    assert.equal(incomingFromWa(noStanza), null);
  });

  it('a sender known by @lid is reported by the phone number travelling beside it', () => {
    const message = incomingFromWa(wa({ conversation: 'hi' }, { remoteJid: '123456789012345@lid', remoteJidAlt: from }));
    assert.equal(message?.chatId, '79990000002@c.us');
  });

  it('in a group the chat is the group and the sender the participant (its phone number if given)', () => {
    const message = incomingFromWa(
      wa({ conversation: 'hi all' }, { remoteJid: '120363000000000001@g.us', participant: '1234@lid', participantAlt: '79990000005:3@s.whatsapp.net' }),
    );
    assert.equal(message?.chatId, '120363000000000001@g.us');
    assert.equal(message?.sender, '79990000005@c.us');
  });

  it('skips own messages, broadcasts, newsletters and kinds it does not report (media, reactions)', () => {
    assert.equal(incomingFromWa(wa({ conversation: 'mine' }, { fromMe: true })), null);
    assert.equal(incomingFromWa(wa({ conversation: 'story' }, { remoteJid: 'status@broadcast' })), null);
    assert.equal(incomingFromWa(wa({ conversation: 'news' }, { remoteJid: '1203@newsletter' })), null);
    assert.equal(incomingFromWa(wa({ imageMessage: { caption: 'photo' } })), null);
    assert.equal(incomingFromWa(wa({ reactionMessage: { text: '👍', key: { id: 'X' } } })), null);
  });

  it('maps statuses: delivered for 3, read for 4 and 5; errors and server acks come from the raw ack', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, null].map(receiptOfStatus), [null, null, null, 'delivered', 'read', 'read', null]);
  });
});
