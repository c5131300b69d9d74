import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const valid = {
  chatId: '79990000002@c.us',
  message: 'Pick a colour',
  footer: 'Tap or type a number',
  buttons: [
    { buttonId: '1', buttonText: 'green' },
    { buttonId: '2', buttonText: 'red' },
  ],
};

/** Each rule of the contract: a body that breaks it, and the words the 400 must carry. */
const invalid: [string, Record<string, unknown>, RegExp][] = [
  ['chatId missing', { ...valid, chatId: undefined }, /'chatId' is required/],
  ['chatId not a string', { ...valid, chatId: 79990000002 }, /'chatId' must be a string/],
  ['chatId without suffix', { ...valid, chatId: '79990000002' }, /'chatId' must be one of the next formats/],
  ['chatId with letters', { ...valid, chatId: 'abc@c.us' }, /'chatId' must be one of the next formats/],
  ['chatId of an unknown kind', { ...valid, chatId: '79990000002@s.whatsapp.net' }, /'chatId'/],
  ['message missing', { ...valid, message: undefined }, /'message' is required/],
  ['message empty', { ...valid, message: '' }, /'message' is not allowed to be empty/],
  ['message blank', { ...valid, message: '   ' }, /'message' is not allowed to be empty/],
  ['message not a string', { ...valid, message: ['x'] }, /'message' must be a string/],
  ['message too long', { ...valid, message: 'x'.repeat(4097) }, /'message' length must be less than or equal to 4096/],
  ['footer not a string', { ...valid, footer: 5 }, /'footer' must be a string/],
  ['buttons missing', { ...valid, buttons: undefined }, /'buttons' is required/],
  ['buttons not an array', { ...valid, buttons: { buttonId: '1' } }, /'buttons' must be an array/],
  ['no buttons', { ...valid, buttons: [] }, /'buttons' must contain at least 1/],
  ['four buttons', { ...valid, buttons: [1, 2, 3, 4].map((n) => ({ buttonId: `${n}`, buttonText: `b${n}` })) }, /at most 3/],
  ['button not an object', { ...valid, buttons: ['yes'] }, /'buttons\[0\]' must be an object/],
  ['buttonId missing', { ...valid, buttons: [{ buttonText: 'x' }] }, /'buttons\[0\]\.buttonId' is required/],
  ['buttonText missing', { ...valid, buttons: [{ buttonId: '1' }] }, /'buttons\[0\]\.buttonText' is required/],
  ['buttonText empty', { ...valid, buttons: [{ buttonId: '1', buttonText: '' }] }, /'buttons\[0\]\.buttonText' is not allowed to be empty/],
  ['buttonText too long', { ...valid, buttons: [{ buttonId: '1', buttonText: 'x'.repeat(26) }] }, /'buttons\[0\]\.buttonText' length must be less than or equal to 25/],
  ['buttonId too long', { ...valid, buttons: [{ buttonId: 'x'.repeat(26), buttonText: 'x' }] }, /'buttons\[0\]\.buttonId' length/],
  ['duplicate buttonId', { ...valid, buttons: [{ buttonId: '1', buttonText: 'a' }, { buttonId: '1', buttonText: 'b' }] }, /'buttons\[1\]\.buttonId' "1" is used by another button/],
  ['extra button field', { ...valid, buttons: [{ buttonId: '1', buttonText: 'a', colour: 'red' }] }, /'buttons\[0\]\.colour' is not allowed/],
  ['quotedMessageId too short', { ...valid, quotedMessageId: 'BAE5' }, /'quotedMessageId'/],
  ['unknown field', { ...valid, colour: 'red' }, /'colour' is not allowed/],
];

describe('sendButtons', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('accepts a valid button message and answers an idMessage', async () => {
    const answer = await t.call('sendButtons', { body: valid });
    assert.equal(answer.status, 200);
    assert.match(answer.body.idMessage, /^BAE5[0-9A-F]{12}$/);
  });

  it('accepts group and @lid chats', async () => {
    for (const chatId of ['120363043968066561@g.us', '79001234567-1581234048@g.us', '12345678901234@lid']) {
      const answer = await t.call('sendButtons', { body: { ...valid, chatId } });
      assert.equal(answer.status, 200, chatId);
    }
  });

  it('accepts numeric button ids, as SDK users write them', async () => {
    const answer = await t.call('sendButtons', { body: { ...valid, buttons: [{ buttonId: 1, buttonText: 'one' }] } });
    assert.equal(answer.status, 200);
  });

  for (const [rule, body, message] of invalid) {
    it(`answers 400 naming the field: ${rule}`, async () => {
      const answer = await t.call('sendButtons', { body });
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.statusCode, 400);
      assert.match(answer.body.message, message);
      assert.ok(answer.body.timestamp);
      assert.ok(!answer.text.includes(t.instance.apiToken));
    });
  }

  it('answers 400 for a body that is not an object', async () => {
    for (const rawBody of ['[1,2]', '"text"', '42']) {
      const answer = await t.call('sendButtons', { rawBody });
      assert.equal(answer.status, 400, rawBody);
      assert.match(answer.body.message, /JSON object/);
    }
  });

  it('counts characters as a person does: an emoji is one character', async () => {
    const family = '👨‍👩‍👧‍👦'; // 11 UTF-16 code units, one character
    const flag = '🇺🇦';
    const ok = await t.call('sendButtons', {
      body: { ...valid, message: family.repeat(4096), buttons: [{ buttonId: '1', buttonText: flag.repeat(25) }] },
    });
    assert.equal(ok.status, 200, ok.text);
    const long = await t.call('sendButtons', { body: { ...valid, message: family.repeat(4097) } });
    assert.equal(long.status, 400);
    const longButton = await t.call('sendButtons', { body: { ...valid, buttons: [{ buttonId: '1', buttonText: flag.repeat(26) }] } });
    assert.equal(longButton.status, 400);
    assert.match(longButton.body.message, /'buttons\[0\]\.buttonText'/);
  });

  it('commits the message before answering: it is in the queue with its original body', async () => {
    const sent = await t.call('sendButtons', { body: valid });
    const queue = await t.call('showMessagesQueue');
    const item = queue.body.find((m: { messageID: string }) => m.messageID === sent.body.idMessage);
    assert.equal(item.type, 'sendButtons');
    assert.deepEqual(item.body, valid);
  });
});
