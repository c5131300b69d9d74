// Polls on the sandbox: sent and shown on the phone, votes told with the tally (a changed vote replaces
// the last), switched by pollMessageWebhook, and bad polls and bad votes refused by name.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const me = '79990000001';
const friend = '79990000002';
const options = (...names: string[]) => names.map((optionName) => ({ optionName }));

describe('sendPoll', () => {
  let t: TestGateway;
  const vote = (idMessage: string, chosen: string[]) => t.request('POST', `/sandbox/phones/${friend}/vote`, { idMessage, options: chosen });
  const nextUpdate = async () =>
    (await t.receiveUntil((b) => b.some((x) => x.messageData?.typeMessage === 'pollUpdateMessage'))).find((x) => x.messageData?.typeMessage === 'pollUpdateMessage');

  before(async () => {
    t = await startTestGateway();
    await t.link(me);
  });
  after(() => t.close());

  it('sends a poll the phone shows, and tells each vote with the tally', async () => {
    const sent = await t.call('sendPoll', { body: { chatId: `${friend}@c.us`, message: 'Lunch at 1?', options: options('Yes', 'No', 'Later') } });
    assert.equal(sent.status, 200, sent.text);
    const shown = await waitFor(async () =>
      ((await t.request('GET', `/sandbox/phones/${friend}/messages`)).body as any[]).find((m) => m.idMessage === sent.body.idMessage),
    );
    assert.deepEqual([shown.type, shown.text, shown.poll], ['poll', 'Lunch at 1?', { options: ['Yes', 'No', 'Later'], multipleAnswers: false, chosen: [] }]);
    const queued = (await t.call('getMessage', { body: { chatId: `${friend}@c.us`, idMessage: sent.body.idMessage } })).body;
    assert.equal(JSON.stringify(queued).includes('secret'), false, "the poll's secret never leaves the gateway");

    assert.equal((await vote(sent.body.idMessage, ['Yes'])).status, 200);
    const first = await nextUpdate();
    assert.deepEqual(first.messageData, {
      typeMessage: 'pollUpdateMessage',
      pollMessageData: {
        stanzaId: sent.body.idMessage,
        name: 'Lunch at 1?',
        votes: [
          { optionName: 'Yes', optionVoters: [`${friend}@c.us`] },
          { optionName: 'No', optionVoters: [] },
          { optionName: 'Later', optionVoters: [] },
        ],
        multipleAnswers: false,
      },
    });
    await vote(sent.body.idMessage, ['Later']);
    const changed = await nextUpdate();
    assert.deepEqual(changed.messageData.pollMessageData.votes.map((v: any) => v.optionVoters.length), [0, 0, 1], 'the new vote replaced the last');

    assert.equal((await vote(sent.body.idMessage, ['Yes', 'No'])).status, 400, 'a single-answer poll');
    const unknown = await vote(sent.body.idMessage, ['Maybe']);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /"Maybe", which is not an option/);
  });

  it('lets a multiple-answer poll take several options, and pollMessageWebhook switch the updates off', async () => {
    const sent = await t.call('sendPoll', { body: { chatId: `${friend}@c.us`, message: 'Which days?', options: options('Mon', 'Tue'), multipleAnswers: true } });
    await waitFor(async () => ((await t.request('GET', `/sandbox/phones/${friend}/messages`)).body as any[]).some((m) => m.idMessage === sent.body.idMessage));
    await vote(sent.body.idMessage, ['Mon', 'Tue']);
    assert.deepEqual((await nextUpdate()).messageData.pollMessageData.votes.map((v: any) => v.optionVoters.length), [1, 1]);
    await t.call('setSettings', { body: { pollMessageWebhook: 'no' } });
    await vote(sent.body.idMessage, []);
    await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: 'marker' });
    const bodies = await t.receiveUntil((b) => b.some((x) => x.messageData?.textMessageData?.textMessage === 'marker'));
    assert.equal(bodies.filter((x) => x.messageData?.typeMessage === 'pollUpdateMessage').length, 0);
  });

  for (const [rule, body, message] of [
    ['13 options', { options: options(...Array.from({ length: 13 }, (_, i) => `o${i}`)) }, /'options' must be an array of 2 to 12 options/],
    ['one option', { options: options('only') }, /'options' must be an array of 2 to 12 options/],
    ['the same option twice', { options: options('Yes', 'Yes') }, /'options\[1\].optionName' "Yes" is used by another option/],
    ['an option without a name', { options: [{ optionName: 'Yes' }, { name: 'No' }] }, /'options\[1\].optionName' is required/],
    ['a question too long', { message: 'x'.repeat(256) }, /'message' length must be less than or equal to 255/],
  ] as const) {
    it(`refuses with 400: ${rule}`, async () => {
      const answer = await t.call('sendPoll', { body: { ...{ chatId: `${friend}@c.us`, message: 'Q?', options: options('a', 'b') }, ...body } });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, message);
    });
  }
});
