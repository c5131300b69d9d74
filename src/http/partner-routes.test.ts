import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

describe('partner API', () => {
  let t: TestGateway;
  const partner = (method: string) => `/partner/${method}/partner-token-for-tests`;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('creates an instance with a name and settings that works at once', async () => {
    const created = await t.request('POST', partner('createInstance'), { name: 'shop bot', delaySendMessagesMilliseconds: 2000 });
    assert.equal(created.status, 200);
    assert.equal(created.body.typeInstance, 'whatsapp');
    assert.match(created.body.apiTokenInstance, /^[0-9a-f]{50}$/);
    const settings = await t.request('GET', `/waInstance${created.body.idInstance}/getSettings/${created.body.apiTokenInstance}`);
    assert.equal(settings.body.delaySendMessagesMilliseconds, 2000);
  });

  it("creates an instance with the settings of the v2 SDK's CreateInstanceParams", async () => {
    const params = { name: 'sdk bot', incomingBlockWebhook: 'yes', keepOnlineStatus: 'yes', pollMessageWebhook: 'no' };
    const created = await t.request('POST', partner('createInstance'), params);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.code, undefined, created.text);
    const settings = await t.request('GET', `/waInstance${created.body.idInstance}/getSettings/${created.body.apiTokenInstance}`);
    assert.equal(settings.body.incomingBlockWebhook, 'yes');
    assert.equal(settings.body.keepOnlineStatus, 'yes');
    assert.equal(settings.body.pollMessageWebhook, 'no');
  });

  it('lists instances', async () => {
    const answer = await t.request('GET', partner('getInstances'));
    assert.equal(answer.status, 200);
    const shop = answer.body.find((i: { name: string }) => i.name === 'shop bot');
    assert.equal(shop.deleted, false);
    assert.equal(shop.typeInstance, 'whatsapp');
    assert.match(shop.timeCreated, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const partnerInstanceFields = ['idInstance', 'name', 'typeInstance', 'timeCreated', 'timeDeleted', 'apiTokenInstance', 'deleted', 'tariff', 'isFree', 'isPartner', 'expirationDate', 'isExpired'];
    for (const field of partnerInstanceFields) assert.ok(field in shop, `the v2 SDK's PartnerInstance has '${field}'`);
    assert.equal(shop.isExpired, false);
  });

  it('deletes an instance: its methods answer 403 afterwards', async () => {
    const created = await t.request('POST', partner('createInstance'), {});
    const deleted = await t.request('POST', partner('deleteInstanceAccount'), { idInstance: created.body.idInstance });
    assert.deepEqual(deleted.body, { deleteInstanceAccount: true });
    const after = await t.request('GET', `/waInstance${created.body.idInstance}/getSettings/${created.body.apiTokenInstance}`);
    assert.equal(after.status, 403);
    const again = await t.request('POST', partner('deleteInstanceAccount'), { idInstance: created.body.idInstance });
    assert.equal(again.body.code, 404);
  });

  it('renames an instance (Waypost\'s own updateInstanceName), refusing a bad name or an unknown instance by name', async () => {
    const created = await t.request('POST', partner('createInstance'), { name: 'old name' });
    const renamed = await t.request('POST', partner('updateInstanceName'), { idInstance: created.body.idInstance, name: 'Support bot' });
    assert.deepEqual(renamed.body, { updateInstanceName: true });
    const listed = (await t.request('GET', partner('getInstances'))).body.find((i: any) => i.idInstance === created.body.idInstance);
    assert.equal(listed.name, 'Support bot');
    const badName = await t.request('POST', partner('updateInstanceName'), { idInstance: created.body.idInstance, name: 7 });
    assert.deepEqual(badName.body, { code: 400, description: "'name' must be a string" });
    const unknown = await t.request('POST', partner('updateInstanceName'), { idInstance: 999, name: 'x' });
    assert.equal(unknown.body.code, 403);
  });

  it('answers a wrong partner token with 401 and does not echo it', async () => {
    const answer = await t.request('GET', '/partner/getInstances/not-the-token');
    assert.equal(answer.status, 401);
    assert.ok(!answer.text.includes('not-the-token'));
  });

  it('reports bad input as {code, description} naming the field', async () => {
    const badSetting = await t.request('POST', partner('createInstance'), { delaySendMessagesMilliseconds: 1 });
    assert.equal(badSetting.body.code, 400);
    assert.match(badSetting.body.description, /'delaySendMessagesMilliseconds'/);
    const badId = await t.request('POST', partner('deleteInstanceAccount'), { idInstance: 'abc' });
    assert.equal(badId.body.code, 400);
    assert.match(badId.body.description, /'idInstance'/);
    const unknown = await t.request('GET', partner('makeCoffee'));
    assert.equal(unknown.body.code, 404);
  });
});
