import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const reply = {
  chatId: '79990000002@c.us',
  header: 'Order #12',
  body: 'Was it delivered?',
  footer: 'Waypost',
  buttons: [
    { buttonId: 'yes', buttonText: 'Yes' },
    { buttonId: 'no', buttonText: 'No' },
  ],
};

const actions = {
  chatId: '79990000002@c.us',
  body: 'Need help?',
  buttons: [
    { type: 'url', buttonId: '1', buttonText: 'Open site', url: 'https://example.com' },
    { type: 'call', buttonId: '2', buttonText: 'Call us', phoneNumber: '79001234567' },
    { type: 'copy', buttonId: '3', buttonText: 'Copy code', copyCode: 'PROMO-2026' },
  ],
};

describe('sendInteractiveButtonsReply', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('accepts header, body, footer and reply buttons', async () => {
    const answer = await t.call('sendInteractiveButtonsReply', { body: reply });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.body.idMessage, /^BAE5/);
  });

  it("takes the 5 buttons GREEN-API's own chatbot example sends, each in the numbered text", async () => {
    const colours = ['red', 'green', 'blue', 'white', 'black'];
    const buttons = colours.map((colour, n) => ({ buttonId: `c${n}`, buttonText: colour }));
    const answer = await t.call('sendInteractiveButtonsReply', { body: { ...reply, buttons } });
    assert.equal(answer.status, 200, answer.text);
    await t.link('79990000001');
    const shown = await waitFor(async () =>
      ((await t.request('GET', '/sandbox/phones/79990000002/messages')).body as any[]).find((m) => m.idMessage === answer.body.idMessage),
    );
    assert.equal(shown.buttons.length, 5);
    for (const [n, colour] of colours.entries()) assert.ok(shown.text.includes(`${n + 1} - ${colour}`), shown.text);
  });

  for (const [rule, body, message] of [
    ['body missing', { ...reply, body: undefined }, /'body' is required/],
    ['message instead of body', { ...reply, body: undefined, message: 'x' }, /'message' is not allowed/],
    ['eleven buttons', { ...reply, buttons: Array.from({ length: 11 }, (_, n) => ({ buttonId: `${n}`, buttonText: 'x' })) }, /at most 10 buttons/],
    ['action button', { ...reply, buttons: [{ type: 'url', buttonId: '1', buttonText: 'x', url: 'https://a.b' }] }, /'buttons\[0\]\.type' must be one of: reply/],
    ['header not a string', { ...reply, header: {} }, /'header' must be a string/],
  ] as const) {
    it(`answers 400: ${rule}`, async () => {
      const answer = await t.call('sendInteractiveButtonsReply', { body });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, message);
    });
  }

  describe('sendInteractiveButtons', () => {
    it('accepts url, call and copy buttons', async () => {
      const answer = await t.call('sendInteractiveButtons', { body: actions });
      assert.equal(answer.status, 200, answer.text);
    });

    for (const [rule, button, message] of [
      ['type missing', { buttonId: '1', buttonText: 'x', url: 'https://a.b' }, /'buttons\[0\]\.type' is required/],
      ['unknown type', { type: 'pay', buttonId: '1', buttonText: 'x' }, /'buttons\[0\]\.type' must be one of: url, call, copy/],
      ['url missing', { type: 'url', buttonId: '1', buttonText: 'x' }, /'buttons\[0\]\.url' is required/],
      ['url not http', { type: 'url', buttonId: '1', buttonText: 'x', url: 'javascript:alert(1)' }, /'buttons\[0\]\.url' must be an http or https URL/],
      ['phone number not digits', { type: 'call', buttonId: '1', buttonText: 'x', phoneNumber: 'call me' }, /'buttons\[0\]\.phoneNumber'/],
      ['copy code missing', { type: 'copy', buttonId: '1', buttonText: 'x' }, /'buttons\[0\]\.copyCode' is required/],
      ['field of another type', { type: 'copy', buttonId: '1', buttonText: 'x', copyCode: 'c', url: 'https://a.b' }, /'buttons\[0\]\.url' is not allowed/],
    ] as const) {
      it(`answers 400: ${rule}`, async () => {
        const answer = await t.call('sendInteractiveButtons', { body: { ...actions, buttons: [button] } });
        assert.equal(answer.status, 400, answer.text);
        assert.match(answer.body.message, message);
      });
    }
  });

  describe('sendMessage', () => {
    it('accepts text up to 20000 characters and refuses more', async () => {
      const ok = await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'x'.repeat(20_000), linkPreview: false } });
      assert.equal(ok.status, 200);
      const long = await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'x'.repeat(20_001) } });
      assert.equal(long.status, 400);
      assert.match(long.body.message, /'message' length must be less than or equal to 20000/);
    });

    it('refuses a linkPreview that is not a boolean', async () => {
      const answer = await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'x', linkPreview: 'yes' } });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, /'linkPreview'/);
    });
  });
});
