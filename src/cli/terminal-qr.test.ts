import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { createEventHub } from '../core/event-hub.js';
import { waitFor } from '../testing/wait-for.js';
import { printLinkQrs } from './terminal-qr.js';

describe('QR codes in the terminal', () => {
  it("draws each new QR of the chosen instance, and only that instance's", async () => {
    const qrCodes = createEventHub<{ idInstance: number; qr: string }>();
    const written: string[] = [];
    printLinkQrs({ qrCodes }, 1101000001, (text) => written.push(text));
    qrCodes.publish({ idInstance: 1101000002, qr: 'other-instance' });
    qrCodes.publish({ idInstance: 1101000001, qr: '2@first-offer' });
    qrCodes.publish({ idInstance: 1101000001, qr: '2@second-offer' });
    await waitFor(() => written.length === 2, { what: 'two drawings' });
    assert.match(written[0] ?? '', /^Link instance 1101000001: on the phone open WhatsApp > Linked devices > Link a device/);
    assert.ok(written[0]?.includes(await QRCode.toString('2@first-offer', { type: 'terminal', small: true })));
    assert.ok(written[1]?.includes(await QRCode.toString('2@second-offer', { type: 'terminal', small: true })));
  });
});
