// The sandbox transport against the embedded sandbox network, through the shared transport contract.

import { systemClock } from '../../core/clock.js';
import { createMemoryJournal } from '../../sandbox/network-journal.js';
import { SandboxNetwork } from '../../sandbox/sandbox-network.js';
import { createMemoryTransportAuth } from '../../testing/memory-transport-auth.js';
import { describeTransportContract } from '../transport.contract.js';
import { createSandboxTransport } from './sandbox-transport.js';

describeTransportContract('sandbox', async () => {
  const network = new SandboxNetwork({ clock: systemClock, journal: createMemoryJournal() });
  const auth = createMemoryTransportAuth();
  return {
    transport: createSandboxTransport({ network, authStore: auth, clock: systemClock }),
    savedAuth: (idInstance) => auth.load(idInstance),
    scanQr: async (phone, qr) => void network.link({ phone, qr }),
    typeCode: async (phone, code) => void network.link({ phone, code }),
    inbox: async (phone) =>
      network.messagesOf(phone).map((m) => ({
        idMessage: m.idMessage,
        text: m.text,
        buttonIds: m.buttons.map((b) => b.buttonId),
        quotedMessageId: m.quotedMessageId,
      })),
    sendFromPhone: async (phone, toPhone, input) =>
      network.sendFromPhone(phone, { to: `${toPhone}@c.us`, ...input }).idMessage,
    tap: async (phone, idMessage, buttonId) => network.tap(phone, { idMessage, buttonId }),
    dropConnections: async () => void network.setFaults({ dropConnectionsForMs: 300 }),
    unlinkDevices: async (phone) => void network.unlink(phone),
    close: async () => {},
  };
});
