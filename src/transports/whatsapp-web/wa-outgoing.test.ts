// Exactly what goes on the wire for each kind of send: the message proto (through an encode/decode round
// trip, as WhatsApp will read it) and the extra stanza nodes (through the binary node codec).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binaryNodeToString, decodeBinaryNode, encodeBinaryNode, proto, type BinaryNode } from 'baileys';
import type { MessageContent } from '../../messages/message.js';
import { buildWaOutgoing } from './wa-outgoing.js';

const direct = '79990000002@c.us';
const group = '120363000000000001@g.us';
const nowSeconds = 1_795_000_000;

/** The proto as the recipient decodes it, as plain data. */
function onTheWire(message: proto.IMessage): Record<string, unknown> {
  const decoded = proto.Message.decode(proto.Message.encode(message).finish());
  return proto.Message.toObject(decoded, { defaults: false, longs: Number }) as Record<string, unknown>;
}

/** The extra nodes inside a message stanza, through the binary codec, as text. */
async function stanzaNodes(nodes: BinaryNode[]): Promise<string> {
  const stanza: BinaryNode = { tag: 'message', attrs: { id: 'BAE5000000000001', to: '79990000002@s.whatsapp.net', type: 'text' }, content: nodes };
  const decoded = await decodeBinaryNode(encodeBinaryNode(stanza));
  return binaryNodeToString(decoded).replace(/\s+/g, ' ').trim();
}

const bizNode =
  `<biz actual_actors='2' host_storage='2' privacy_mode_ts='${nowSeconds}'> ` +
  `<interactive type='native_flow' v='1'> <native_flow v='9' name='mixed'/> </interactive> ` +
  `<quality_control source_type='third_party'/> </biz>`;

const replyButtons: MessageContent = {
  kind: 'buttons',
  text: 'Shall we meet tomorrow?',
  header: 'Meeting',
  footer: 'Tap or type a number',
  numberedButtons: true,
  buttons: [
    { buttonId: '1', buttonText: 'Yes', type: 'reply' },
    { buttonId: '2', buttonText: 'No', type: 'reply' },
  ],
};

describe('what WhatsApp Web is sent', () => {
  it('a text is a plain conversation, with no extra nodes', async () => {
    const out = buildWaOutgoing({ kind: 'text', text: 'Hello 👋' }, { chatId: direct, nowSeconds });
    assert.deepEqual(onTheWire(out.message), { conversation: 'Hello 👋' });
    assert.deepEqual(out.additionalNodes, []);
  });

  it("a text with the sender's own preview is an extendedTextMessage carrying it", () => {
    const thumbnail = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const preview = { type: 'large' as const, title: 'Waypost', description: 'Buttons', link: 'https://example.org/w', jpegThumbnail: thumbnail.toString('base64') };
    const out = buildWaOutgoing({ kind: 'text', text: 'See https://example.org/w', preview }, { chatId: direct, nowSeconds });
    const wire = onTheWire(out.message) as { extendedTextMessage: Record<string, unknown> };
    assert.deepEqual({ ...wire.extendedTextMessage, jpegThumbnail: Buffer.from(wire.extendedTextMessage.jpegThumbnail as Uint8Array) }, {
      text: 'See https://example.org/w',
      matchedText: 'https://example.org/w',
      title: 'Waypost',
      description: 'Buttons',
      jpegThumbnail: thumbnail,
      previewType: 0,
    });
  });

  it('every message carries the messageSecret it is given, as WhatsApp\'s own clients send one', () => {
    const messageSecret = new Uint8Array(32).fill(7);
    const text = onTheWire(buildWaOutgoing({ kind: 'text', text: 'Hi' }, { chatId: direct, nowSeconds, messageSecret }).message);
    assert.deepEqual(text, { conversation: 'Hi', messageContextInfo: { messageSecret: Buffer.from(messageSecret) } });
    const buttons = onTheWire(buildWaOutgoing(replyButtons, { chatId: direct, nowSeconds, messageSecret }).message);
    assert.deepEqual(buttons.messageContextInfo, { messageSecret: Buffer.from(messageSecret) });
    assert.ok(buttons.interactiveMessage, 'the content is unchanged beside it');
  });

  it('an edit is a MESSAGE_EDIT protocol message with the new text; a delete a REVOKE; neither carries a secret', () => {
    const messageSecret = new Uint8Array(32).fill(1);
    const edit = buildWaOutgoing({ kind: 'edit', text: 'Chosen: green', targetId: 'BAE5000000000001' }, { chatId: direct, nowSeconds, messageSecret });
    const wire = onTheWire(edit.message) as { protocolMessage: Record<string, unknown> };
    assert.equal(Number(wire.protocolMessage.timestampMs), nowSeconds * 1000);
    assert.deepEqual({ ...wire.protocolMessage, timestampMs: undefined }, {
      key: { remoteJid: '79990000002@s.whatsapp.net', fromMe: true, id: 'BAE5000000000001' },
      type: 14,
      editedMessage: { conversation: 'Chosen: green' },
      timestampMs: undefined,
    });
    const deletion = buildWaOutgoing({ kind: 'delete', text: '', targetId: 'BAE5000000000001' }, { chatId: direct, nowSeconds, messageSecret });
    assert.deepEqual(onTheWire(deletion.message), { protocolMessage: { key: { remoteJid: '79990000002@s.whatsapp.net', fromMe: true, id: 'BAE5000000000001' }, type: 0 } });
    assert.deepEqual([edit.additionalNodes, deletion.additionalNodes], [[], []]);
  });

  it('a location is a locationMessage; a contact a contactMessage with its vCard; a forward says so', () => {
    const place = buildWaOutgoing({ kind: 'location', text: '', location: { latitude: 55.75, longitude: 37.61, nameLocation: 'Office', address: 'Main St 1' } }, { chatId: direct, nowSeconds });
    assert.deepEqual(onTheWire(place.message), { locationMessage: { degreesLatitude: 55.75, degreesLongitude: 37.61, name: 'Office', address: 'Main St 1' } });
    const card = buildWaOutgoing({ kind: 'contact', text: '', contact: { phoneContact: '79990000005', firstName: 'Ada' } }, { chatId: direct, nowSeconds });
    assert.deepEqual(onTheWire(card.message), {
      contactMessage: { displayName: 'Ada', vcard: 'BEGIN:VCARD\nVERSION:3.0\nN:;Ada;;;\nFN:Ada\nTEL;type=CELL;type=VOICE;waid=79990000005:+79990000005\nEND:VCARD' },
    });
    const forwarded = buildWaOutgoing({ kind: 'text', text: 'the menu', forwarded: true }, { chatId: direct, nowSeconds });
    assert.deepEqual(onTheWire(forwarded.message), { extendedTextMessage: { text: 'the menu', contextInfo: { isForwarded: true, forwardingScore: 1 } } });
    assert.deepEqual([place.additionalNodes, card.additionalNodes, forwarded.additionalNodes], [[], [], []]);
  });

  it('a file is an image, video, audio or document message by its type, with its upload, caption and (a document) name', () => {
    const upload = {
      url: 'https://mmg.whatsapp.net/v/t62/x.enc',
      directPath: '/v/t62/x.enc',
      mediaKey: new Uint8Array(32).fill(1),
      fileEncSha256: new Uint8Array(32).fill(2),
      fileSha256: new Uint8Array(32).fill(3),
      fileLength: 1234,
      mediaKeyTimestamp: nowSeconds,
    };
    const file = (fileName: string, mimetype: string, text = 'Caption') =>
      onTheWire(buildWaOutgoing({ kind: 'file', text, file: { urlFile: 'https://example.com/f', fileName } }, { chatId: direct, nowSeconds, media: { ...upload, mimetype } }).message);
    const wire = { ...upload, mediaKey: Buffer.from(upload.mediaKey), fileEncSha256: Buffer.from(upload.fileEncSha256), fileSha256: Buffer.from(upload.fileSha256) };
    assert.deepEqual(file('a.jpg', 'image/jpeg'), { imageMessage: { ...wire, mimetype: 'image/jpeg', caption: 'Caption' } });
    assert.deepEqual(file('a.mp4', 'video/mp4'), { videoMessage: { ...wire, mimetype: 'video/mp4', caption: 'Caption' } });
    assert.deepEqual(file('a.mp3', 'audio/mpeg'), { audioMessage: { ...wire, mimetype: 'audio/mpeg', ptt: false } });
    assert.deepEqual(file('menu.pdf', 'application/pdf', ''), { documentMessage: { ...wire, mimetype: 'application/pdf', fileName: 'menu.pdf' } });
  });

  it("a poll is a pollCreationMessageV3 carrying the poll's own stored secret", () => {
    const secret = Buffer.alloc(32, 9);
    const poll = { options: ['Yes', 'No'], multipleAnswers: false, secret: secret.toString('base64') };
    const out = buildWaOutgoing({ kind: 'poll', text: 'Lunch?', poll }, { chatId: direct, nowSeconds, messageSecret: new Uint8Array(32).fill(1) });
    assert.deepEqual(onTheWire(out.message), {
      pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'Yes' }, { optionName: 'No' }], selectableOptionsCount: 1 },
      messageContextInfo: { messageSecret: secret },
    });
    const many = buildWaOutgoing({ kind: 'poll', text: 'Days?', poll: { ...poll, multipleAnswers: true } }, { chatId: direct, nowSeconds });
    assert.equal(many.message.pollCreationMessageV3?.selectableOptionsCount, 0, 'any number of answers');
  });

  it('a quoting text is an extendedTextMessage naming the quoted message, its author and content', () => {
    const out = buildWaOutgoing(
      { kind: 'text', text: 'Yes', quotedMessageId: '3EB0ABC' },
      { chatId: direct, nowSeconds, quoted: { id: '3EB0ABC', participant: '79990000002@s.whatsapp.net', message: { conversation: 'Open?' } } },
    );
    assert.deepEqual(onTheWire(out.message), {
      extendedTextMessage: {
        text: 'Yes',
        contextInfo: { stanzaId: '3EB0ABC', participant: '79990000002@s.whatsapp.net', quotedMessage: { conversation: 'Open?' } },
      },
    });
  });

  it('sendButtons is a native-flow interactiveMessage of quick_reply buttons, numbered in the body, with <bot> and <biz>', async () => {
    const out = buildWaOutgoing(replyButtons, { chatId: direct, nowSeconds });
    assert.deepEqual(onTheWire(out.message), {
      interactiveMessage: {
        header: { title: 'Meeting', hasMediaAttachment: false },
        body: { text: 'Shall we meet tomorrow?\n\n1 - Yes\n2 - No' },
        footer: { text: 'Tap or type a number' },
        nativeFlowMessage: {
          buttons: [
            { name: 'quick_reply', buttonParamsJson: '{"display_text":"Yes","id":"1"}' },
            { name: 'quick_reply', buttonParamsJson: '{"display_text":"No","id":"2"}' },
          ],
          messageParamsJson: '{}',
          messageVersion: 1,
        },
      },
    });
    assert.equal(
      await stanzaNodes(out.additionalNodes),
      `<message id='BAE5000000000001' to='79990000002@s.whatsapp.net' type='text'> <bot biz_bot='1'/> ${bizNode} </message>`,
    );
  });

  it('in a group the buttons carry <biz> but no <bot> node', async () => {
    const out = buildWaOutgoing({ ...replyButtons, kind: 'interactiveButtonsReply' }, { chatId: group, nowSeconds });
    assert.deepEqual(out.additionalNodes.map((n) => n.tag), ['biz']);
    assert.match(await stanzaNodes(out.additionalNodes), /^<message [^>]+> <biz /);
  });

  it('the body is the plain text when the numbered list is turned off', () => {
    const out = buildWaOutgoing({ ...replyButtons, numberedButtons: false }, { chatId: direct, nowSeconds });
    assert.equal(out.message.interactiveMessage?.body?.text, 'Shall we meet tomorrow?');
  });

  it('sendInteractiveButtons maps url, copy and call to cta_url, cta_copy and cta_call', () => {
    const out = buildWaOutgoing(
      {
        kind: 'interactiveButtons',
        text: 'Your order',
        buttons: [
          { buttonId: '1', buttonText: 'Track', type: 'url', url: 'https://example.com/t/1' },
          { buttonId: '2', buttonText: 'Copy code', type: 'copy', copyCode: 'ABC-123' },
          { buttonId: '3', buttonText: 'Call us', type: 'call', phoneNumber: '+79990000009' },
        ],
      },
      { chatId: direct, nowSeconds },
    );
    const buttons = out.message.interactiveMessage?.nativeFlowMessage?.buttons ?? [];
    assert.deepEqual(
      buttons.map((b) => [b.name, JSON.parse(b.buttonParamsJson ?? '')]),
      [
        ['cta_url', { display_text: 'Track', url: 'https://example.com/t/1', merchant_url: 'https://example.com/t/1' }],
        ['cta_copy', { display_text: 'Copy code', copy_code: 'ABC-123' }],
        ['cta_call', { display_text: 'Call us', phone_number: '+79990000009' }],
      ],
    );
    assert.equal(out.message.interactiveMessage?.body?.text, 'Your order');
    assert.deepEqual(out.additionalNodes.map((n) => n.tag), ['bot', 'biz']);
  });

  it('a quoting buttons message carries the quote in the interactive message', () => {
    const out = buildWaOutgoing(
      { ...replyButtons, quotedMessageId: '3EB0ABC' },
      { chatId: direct, nowSeconds, quoted: { id: '3EB0ABC', participant: '79990000002@s.whatsapp.net' } },
    );
    assert.deepEqual(out.message.interactiveMessage?.contextInfo, { stanzaId: '3EB0ABC', participant: '79990000002@s.whatsapp.net' });
  });
});
