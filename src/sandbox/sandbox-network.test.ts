// The sandbox behaves as WhatsApp does when a second connection of the same linked session arrives:
// the first is told it was replaced and can send no more; each delivery names the connection that made it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../core/clock.js';
import { createMemoryJournal } from './network-journal.js';
import { SandboxNetwork } from './sandbox-network.js';
import type { NetworkEvent } from './sandbox-types.js';

const message = (idMessage: string) => ({ idMessage, chatId: '79990000002@c.us', type: 'text' as const, text: 'hi' });

describe('sandbox network: one live connection per session', () => {
  it('replaces the older connection, which is told so and can no longer send', async () => {
    const network = new SandboxNetwork({ clock: systemClock, journal: createMemoryJournal() });
    const heardByFirst: NetworkEvent[] = [];
    const first = await network.connect('wa1', null, (e) => heardByFirst.push(e));
    const code = await network.pairingCode('wa1', '79990000001');
    network.link({ phone: '79990000001', code });
    const token = (heardByFirst.find((e) => e.type === 'linked') as { deviceToken: string }).deviceToken;
    assert.equal(await network.send('wa1', first.connection, message('M1')), 'ok');

    const heardBySecond: NetworkEvent[] = [];
    const second = await network.connect('wa1', token, (e) => heardBySecond.push(e));
    assert.deepEqual([second.linked, second.connection !== first.connection], [true, true]);
    assert.deepEqual(heardByFirst.at(-1), { type: 'replaced' });
    assert.equal(await network.send('wa1', first.connection, message('M2')), 'notConnected', 'the replaced connection cannot send');
    assert.equal(await network.send('wa1', second.connection, message('M1')), 'ok', 'the new one re-sends the in-flight message');
    await network.disconnect('wa1', first.connection);
    assert.equal(await network.send('wa1', second.connection, message('M3')), 'ok', 'closing the old connection leaves the new one');

    const inbox = network.messagesOf('79990000002');
    assert.deepEqual(
      inbox.map((m) => [m.idMessage, m.deliveries, m.deliveredBy]),
      [
        ['M1', 2, [first.connection, second.connection]],
        ['M3', 1, [second.connection]],
      ],
    );
  });
});
