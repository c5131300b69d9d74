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

  it('a native-flow tap without the quoted message still arrives, to an unknown stanza', () => {
    const noStanza = wa({ interactiveResponseMessage: { body: { text: 'Yes' }, nativeFlowResponseMessage: { paramsJson: '{"id":"1"}' } } });
    assert.deepEqual(incomingFromWa(noStanza)?.buttonReply, { stanzaId: '', buttonId: '1', buttonText: 'Yes' });
    const onlyText = wa({ interactiveResponseMessage: { nativeFlowResponseMessage: { paramsJson: '{"display_text":"No"}' }, contextInfo: { stanzaId: 'B' } } });
    assert.deepEqual(incomingFromWa(onlyText)?.buttonReply, { stanzaId: 'B', buttonId: '', buttonText: 'No' });
    const legacy = wa({ buttonsResponseMessage: { selectedButtonId: 'no', selectedDisplayText: 'No' } });
    assert.deepEqual(incomingFromWa(legacy)?.buttonReply, { stanzaId: '', buttonId: 'no', buttonText: 'No' });
  });

  it('a native-flow response that is no tap (a flow form) arrives as unsupportedMessage naming its kind', () => {
    const form = wa({ interactiveResponseMessage: { nativeFlowResponseMessage: { name: 'flow', paramsJson: 'not json' } } });
    assert.deepEqual(incomingFromWa(form)?.other, { typeMessage: 'unsupportedMessage', data: { unsupportedMessageData: { kind: 'interactiveResponseMessage' } } });
  });

  it('a sender known by @lid is reported by the phone number travelling beside it', () => {
    const message = incomingFromWa(wa({ conversation: 'hi' }, { remoteJid: '123456789012345@lid', remoteJidAlt: from }));
    assert.equal(message?.chatId, '79990000002@c.us');
  });

  it('in a LID-addressed group the sender is the phone number in participantAlt; in a PN-addressed one, in participant', () => {
    const lidAddressed = incomingFromWa(
      wa({ conversation: 'hi' }, { remoteJid: '120363000000000001@g.us', participant: '1234@lid', participantAlt: '79990000005@s.whatsapp.net' }),
    );
    assert.equal(lidAddressed?.sender, '79990000005@c.us');
    const pnAddressed = incomingFromWa(
      wa({ conversation: 'hi' }, { remoteJid: '120363000000000001@g.us', participant: '79990000006:2@s.whatsapp.net', participantAlt: '5678@lid' }),
    );
    assert.equal(pnAddressed?.sender, '79990000006@c.us');
    const onlyLid = incomingFromWa(wa({ conversation: 'hi' }, { remoteJid: '120363000000000001@g.us', participant: '5678@lid' }));
    assert.equal(onlyLid?.sender, '5678@lid');
  });

  it('in a group the chat is the group and the sender the participant (its phone number if given)', () => {
    const message = incomingFromWa(
      wa({ conversation: 'hi all' }, { remoteJid: '120363000000000001@g.us', participant: '1234@lid', participantAlt: '79990000005:3@s.whatsapp.net' }),
    );
    assert.equal(message?.chatId, '120363000000000001@g.us');
    assert.equal(message?.sender, '79990000005@c.us');
  });

  it('a message written on the account\'s own phone is reported as such, to the chat it went to', () => {
    const mine = incomingFromWa(wa({ conversation: 'I will handle this' }, { fromMe: true }));
    assert.deepEqual([mine?.fromMe, mine?.chatId, mine?.text], [true, '79990000002@c.us', 'I will handle this']);
  });

  it('skips broadcasts, newsletters and the protocol\'s housekeeping', () => {
    assert.equal(incomingFromWa(wa({ conversation: 'story' }, { remoteJid: 'status@broadcast' })), null);
    assert.equal(incomingFromWa(wa({ conversation: 'news' }, { remoteJid: '1203@newsletter' })), null);
    assert.equal(incomingFromWa(wa({ protocolMessage: { type: 6 } })), null, 'an app state key share');
    assert.equal(incomingFromWa(wa({ senderKeyDistributionMessage: { groupId: 'g' } })), null);
  });

  const thumbnail = Buffer.from([1, 2, 3]);
  const kinds: Array<[string, proto.IMessage, unknown]> = [
    [
      'an image',
      { imageMessage: { caption: 'photo', mimetype: 'image/jpeg', jpegThumbnail: thumbnail } },
      { typeMessage: 'imageMessage', data: { fileMessageData: { downloadUrl: '', caption: 'photo', fileName: '', jpegThumbnail: 'AQID', mimeType: 'image/jpeg' } } },
    ],
    [
      'a voice note',
      { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } },
      { typeMessage: 'audioMessage', data: { fileMessageData: { downloadUrl: '', caption: '', fileName: '', jpegThumbnail: '', mimeType: 'audio/ogg; codecs=opus', isVoice: true } } },
    ],
    [
      'a document with a caption (unwrapped)',
      { documentWithCaptionMessage: { message: { documentMessage: { fileName: 'menu.pdf', caption: 'our menu', mimetype: 'application/pdf' } } } },
      { typeMessage: 'documentMessage', data: { fileMessageData: { downloadUrl: '', caption: 'our menu', fileName: 'menu.pdf', jpegThumbnail: '', mimeType: 'application/pdf' } } },
    ],
    [
      'a sticker',
      { stickerMessage: { mimetype: 'image/webp', isAnimated: true } },
      { typeMessage: 'stickerMessage', data: { fileMessageData: { downloadUrl: '', caption: '', fileName: '', jpegThumbnail: '', mimeType: 'image/webp', isAnimated: true } } },
    ],
    [
      'a location',
      { locationMessage: { degreesLatitude: 55.75, degreesLongitude: 37.61, name: 'Office', address: 'Main St 1' } },
      { typeMessage: 'locationMessage', data: { locationMessageData: { nameLocation: 'Office', address: 'Main St 1', latitude: 55.75, longitude: 37.61, jpegThumbnail: '' } } },
    ],
    [
      'a contact',
      { contactMessage: { displayName: 'Bob', vcard: 'BEGIN:VCARD\nEND:VCARD' } },
      { typeMessage: 'contactMessage', data: { contactMessageData: { displayName: 'Bob', vcard: 'BEGIN:VCARD\nEND:VCARD' } } },
    ],
    [
      'a reaction',
      { reactionMessage: { text: '👍', key: { id: 'BAE5000000000001' } } },
      { typeMessage: 'reactionMessage', data: { extendedTextMessageData: { text: '👍' }, quotedMessage: { stanzaId: 'BAE5000000000001' } } },
    ],
    [
      'a poll',
      { pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'Yes' }, { optionName: 'No' }], selectableOptionsCount: 1 } },
      { typeMessage: 'pollMessage', data: { pollMessageData: { name: 'Lunch?', options: [{ optionName: 'Yes' }, { optionName: 'No' }], multipleAnswers: false } } },
    ],
    [
      'an edit',
      { protocolMessage: { type: 14, key: { id: 'X1' }, editedMessage: { conversation: 'fixed typo' } } },
      { typeMessage: 'editedMessage', data: { editedMessageData: { textMessage: 'fixed typo', stanzaId: 'X1' } } },
    ],
    [
      'a deletion',
      { protocolMessage: { type: 0, key: { id: 'X2' } } },
      { typeMessage: 'deletedMessage', data: { deletedMessageData: { stanzaId: 'X2' } } },
    ],
    [
      'a kind with no GREEN-API shape',
      { eventMessage: { name: 'Party' } },
      { typeMessage: 'unsupportedMessage', data: { unsupportedMessageData: { kind: 'eventMessage' } } },
    ],
  ];
  for (const [name, message, expected] of kinds) {
    it(`${name} arrives in GREEN-API's shape, never as silence`, () => {
      const incoming = incomingFromWa(wa(message));
      assert.deepEqual(incoming?.other, expected);
      assert.equal(incoming?.text, undefined);
    });
  }

  it('maps statuses: delivered for 3, read for 4 and 5; errors and server acks come from the raw ack', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, null].map(receiptOfStatus), [null, null, null, 'delivered', 'read', 'read', null]);
  });
});
