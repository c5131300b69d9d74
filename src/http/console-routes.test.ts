// The console's doors: what is reachable before signing in (the page and its assets only), the one-time
// link and the partner token as ways in, and state-changing calls refused unless they come from the page.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

describe('console sign-in and protection', () => {
  let t: TestGateway;
  const inject = (options: { method?: string; url: string; cookie?: string; headers?: Record<string, string>; body?: unknown }) =>
    t.gateway.http.inject({
      method: (options.method ?? 'GET') as 'GET',
      url: options.url,
      headers: {
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
  const fromPage = { 'x-waypost-console': '1', origin: 'http://localhost:80', host: 'localhost:80' };
  const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie']).split(';')[0]!;

  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('serves the page and its assets without a session, and nothing else', async () => {
    const page = await inject({ url: '/console' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<script type="module" src="\/console\/assets\/app\.js">/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.equal((await inject({ url: '/console/assets/app.js' })).statusCode, 200);
    for (const url of ['/console/api/session', '/console/api/partner/getInstances', '/console/api/events']) {
      const answer = await inject({ url });
      assert.equal(answer.statusCode, 401, url);
      assert.match(JSON.parse(answer.body).message, /sign in to the console first/);
    }
  });

  it('signs in once with the printed link: the cookie is HttpOnly and SameSite=Strict, and the link is spent', async () => {
    const code = t.gateway.consoleSignInCode();
    const first = await inject({ url: `/console/sign-in?code=${code}` });
    assert.equal(first.statusCode, 302);
    assert.equal(first.headers.location, '/console');
    assert.match(String(first.headers['set-cookie']), /^waypost_console=[^;]+; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    assert.equal((await inject({ url: '/console/api/session', cookie: cookieOf(first) })).statusCode, 200);
    const again = await inject({ url: `/console/sign-in?code=${code}` });
    assert.deepEqual([again.statusCode, again.headers.location, again.headers['set-cookie']], [302, '/console?signIn=expired', undefined]);
  });

  it('signs in with the partner token, refuses a wrong one, and refuses a forged cookie', async () => {
    const wrong = await inject({ method: 'POST', url: '/console/api/sign-in', headers: fromPage, body: { partnerToken: 'not-it' } });
    assert.equal(wrong.statusCode, 401);
    assert.doesNotMatch(wrong.body, /not-it/);
    const right = await inject({ method: 'POST', url: '/console/api/sign-in', headers: fromPage, body: { partnerToken: 'partner-token-for-tests' } });
    assert.equal(right.statusCode, 200);
    const [name, value] = cookieOf(right).split('=');
    const forged = `${name}=${value!.replace(/^\d+/, '9999999999999')}`;
    assert.equal((await inject({ url: '/console/api/session', cookie: forged })).statusCode, 401);
  });

  it('streams state changes to a signed-in browser, and ends the stream when the gateway stops', { timeout: 20_000 }, async () => {
    const other = await startTestGateway();
    await other.gateway.http.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(other.gateway.http.server.address() as { port: number }).port}`;
    const signIn = await fetch(`${url}/console/sign-in?code=${other.gateway.consoleSignInCode()}`, { redirect: 'manual' });
    const response = await fetch(`${url}/console/api/events`, { headers: { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! } });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    let seen = '';
    const read = async (until: RegExp) => {
      while (!until.test(seen)) {
        const { value, done } = await reader.read();
        if (done) return;
        seen += Buffer.from(value).toString();
      }
    };
    await read(/connected/);
    await other.call('logout');
    await other.link('79990000021');
    await read(/"kind":"state","idInstance":\d+,"state":"authorized"/);
    const started = Date.now();
    await other.close();
    await read(/never/);
    assert.ok(Date.now() - started < 5_000, 'stopping did not wait on the open stream');
  });

  it('refuses a state-changing call without the page\'s header or from another origin (CSRF), and takes it from the page', async () => {
    const cookie = cookieOf(await inject({ url: `/console/sign-in?code=${t.gateway.consoleSignInCode()}` }));
    const create = (headers: Record<string, string>) => inject({ method: 'POST', url: '/console/api/partner/createInstance', cookie, headers, body: { name: 'x' } });
    const noHeader = await create({ origin: 'http://localhost:80', host: 'localhost:80' });
    assert.equal(noHeader.statusCode, 403);
    assert.match(JSON.parse(noHeader.body).message, /must come from the console page/);
    assert.equal((await create({ ...fromPage, origin: 'https://evil.example' })).statusCode, 403);
    const made = await create(fromPage);
    assert.equal(made.statusCode, 200, made.body);
    assert.ok(JSON.parse(made.body).idInstance > 0);
    // The partner API through the session answers as the partner API does (its token never reaches the page).
    const listed = await inject({ url: '/console/api/partner/getInstances', cookie });
    assert.ok(JSON.parse(listed.body).some((i: any) => i.name === 'x'));
    assert.doesNotMatch(listed.body, /partner-token-for-tests/);
  });
});
