// The console in a real Chromium (Debian's, driven by playwright-core): a person signs in, makes an
// instance, links it from the sandbox phone view, composes and sends a button message, taps it on the
// phone view and sees the reply in the notification stream, clears a queue, and is refused with a wrong
// token. WAYPOST_SCREENSHOTS=docs writes the README's screenshots on the way.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

const executablePath = process.env.WAYPOST_TEST_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = process.env.WAYPOST_SCREENSHOTS;

describe('the console in Chromium', () => {
  let t: TestGateway;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const shot = async (name: string) => {
    if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png` });
  };
  const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();

  before(async () => {
    t = await startTestGateway();
    await t.gateway.http.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(t.gateway.http.server.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await t.close();
  });

  it('refuses a wrong partner token, saying so', async () => {
    await page.goto(`${origin}/console`);
    await page.getByLabel('Partner token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'that is not the partner token' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create instance' }).count(), 0);
  });

  it('signs in with the link npm start prints; the link then says it is spent', async () => {
    const link = `${origin}/console/sign-in?code=${t.gateway.consoleSignInCode()}`;
    await page.goto(link);
    await page.getByRole('button', { name: 'Create instance' }).waitFor();
    const other = await browser.newPage();
    await other.goto(link);
    await other.getByText('That sign-in link was used or has expired').waitFor();
    await other.close();
  });

  it('creates an instance and links it from the sandbox phone view: its state turns authorized with no reload', async () => {
    await page.getByLabel('New instance name').fill('Shop bot');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await page.getByRole('img', { name: 'QR code to link a phone' }).waitFor();
    const created = page.locator('.instance.active');
    assert.match(await created.innerText(), /Shop bot/);
    await shot('console-link');
    await tab('Phone');
    await page.getByLabel('Instance phone number').fill('79990000011');
    await page.getByRole('button', { name: 'Link sandbox phone' }).click();
    await created.locator('.state-authorized').waitFor();
    await tab('Overview');
    await page.getByText('79990000011@c.us').waitFor();
    assert.match(await page.getByTestId('token').innerText(), /^•+$/, 'the token is hidden until asked');
    await page.getByRole('button', { name: 'Show' }).click();
    assert.match(await page.getByTestId('token').innerText(), /^[0-9a-f]{50}$/);
    await shot('console-instance');
  });

  it('composes a button message with its WhatsApp preview, sends it, taps it on the phone view, and sees the reply in the stream', async () => {
    await tab('Compose');
    await page.getByLabel('chatId').fill('79990000012@c.us');
    const preview = page.getByLabel('Preview');
    assert.match(await preview.innerText(), /Shall we meet tomorrow\?\s+1 - Yes\s+2 - No/);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /Accepted: idMessage BAE5/ }).waitFor();
    await shot('console-compose');

    await tab('Phone');
    await page.getByLabel('Sandbox phone number').fill('79990000012');
    const bubble = page.getByTestId('bubble').filter({ hasText: 'Shall we meet tomorrow?' });
    await bubble.getByRole('button', { name: 'No' }).click();
    await bubble.getByRole('button', { name: 'No' }).and(page.locator('.chosen')).waitFor();
    await page.getByLabel('Type an answer').fill('See you at 5');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByTestId('bubble').filter({ hasText: 'See you at 5' }).waitFor();
    await shot('console-phone');

    await tab('Notifications');
    await page.getByRole('list', { name: 'Notifications' }).getByText(/chose "No" \(2\)/).first().waitFor();
    await page.getByRole('list', { name: 'Notifications' }).getByText(/See you at 5/).first().waitFor();
  });

  it('refuses a bad message with the API\'s own words, naming the field', async () => {
    await tab('Compose');
    await page.getByLabel('chatId').fill('not-a-chat');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: "'chatId' must be one of the next formats" }).waitFor();
  });

  it('edits settings with setSettings\' own checks and words, and shows a chat\'s journal', async () => {
    await tab('Settings');
    const delay = page.locator('input[name="delaySendMessagesMilliseconds"]');
    await delay.fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'delaySendMessagesMilliseconds' }).waitFor();
    await delay.fill('1500');
    await page.locator('select[name="numberedButtonsText"]').selectOption('no');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Saved.' }).waitFor();
    const instance = (await t.request('GET', '/partner/getInstances/partner-token-for-tests')).body.find((i: any) => i.name === 'Shop bot');
    const settings = (await t.call('getSettings', { instance: { ...t.instance, idInstance: instance.idInstance, apiToken: instance.apiTokenInstance } })).body;
    assert.deepEqual([settings.delaySendMessagesMilliseconds, settings.numberedButtonsText], [1500, 'no']);
    await tab('Journal');
    await page.getByLabel('Chat id').fill('79990000012@c.us');
    await page.getByRole('button', { name: "Show the chat's journal" }).click();
    await page.getByText('See you at 5').waitFor();
  });

  it('shows a waiting queue and clears it after a confirmation', async () => {
    // The harness's own instance is never linked: what is sent to it waits.
    await t.call('sendMessage', { body: { chatId: '79990000013@c.us', message: 'waiting' } });
    await page.locator('.instance', { hasText: String(t.instance.idInstance) }).click();
    await tab('Queue');
    await page.getByTestId('queue-count').filter({ hasText: '1 waiting' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Clear queue' }).click();
    await page.getByText('Queue cleared.').waitFor();
    await page.getByTestId('queue-count').filter({ hasText: '0 waiting' }).waitFor();
    assert.deepEqual((await t.call('showMessagesQueue')).body, []);
  });

  it('renames an instance, and deletes one only after a confirmation', async () => {
    await page.getByLabel('New instance name').fill('Temp');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await tab('Overview');
    await page.getByLabel('Instance name', { exact: true }).fill('Temp 2');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.locator('.instance.active', { hasText: 'Temp 2' }).waitFor();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Delete instance' }).click();
    assert.equal(await page.locator('.instance', { hasText: 'Temp 2' }).count(), 1, 'kept when the confirmation is dismissed');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete instance' }).click();
    await page.locator('.instance', { hasText: 'Temp 2' }).waitFor({ state: 'detached' });
    const listed = (await t.request('GET', '/partner/getInstances/partner-token-for-tests')).body.find((i: any) => i.name === 'Temp 2');
    assert.equal(listed.deleted, true);
  });
});
