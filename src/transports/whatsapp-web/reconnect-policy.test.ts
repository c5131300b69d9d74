import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideReconnect, reconnectBackoff } from './reconnect-policy.js';

describe('reconnect policy by disconnect code', () => {
  it('reconnects at once after pairing (515 restart required)', () => {
    assert.deepEqual(decideReconnect(515, 7), { action: 'reconnectNow' });
  });

  it('forgets the session when the phone logged the device out (401)', () => {
    assert.deepEqual(decideReconnect(401, 0), { action: 'loggedOut' });
  });

  it('stops and reports on replaced (440), forbidden (403) and multi-device mismatch (411)', () => {
    assert.deepEqual([440, 403, 411].map((code) => { const d = decideReconnect(code, 0); return d.action === 'stop' ? d.state : d.action; }), [
      'sleepMode',
      'blocked',
      'sleepMode',
    ]);
  });

  it('backs off with jitter on transient closes (428, 408, 500, 503, none), growing to a cap', () => {
    for (const code of [428, 408, 500, 503, undefined]) {
      const low = decideReconnect(code, 0, () => 0);
      const high = decideReconnect(code, 0, () => 1);
      assert.deepEqual([low, high], [
        { action: 'reconnectLater', delayMs: reconnectBackoff.baseMs / 2 },
        { action: 'reconnectLater', delayMs: reconnectBackoff.baseMs },
      ]);
    }
    const late = decideReconnect(428, 30, () => 1);
    assert.deepEqual(late, { action: 'reconnectLater', delayMs: reconnectBackoff.maxMs });
  });
});
