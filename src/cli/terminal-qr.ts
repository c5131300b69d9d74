// Linking a real phone from the terminal: each QR WhatsApp Web offers for an instance, drawn in text.

import QRCode from 'qrcode';
import type { Gateway } from '../app.js';

/** Prints every new QR of one instance until it is linked (WhatsApp offers a new one every 20 s or so). */
export function printLinkQrs(gateway: Pick<Gateway, 'qrCodes'>, idInstance: number, write: (text: string) => void): () => void {
  return gateway.qrCodes.subscribe(({ idInstance: id, qr }) => {
    if (id !== idInstance) return;
    QRCode.toString(qr, { type: 'terminal', small: true })
      .then((drawing) =>
        write(`Link instance ${idInstance}: on the phone open WhatsApp > Linked devices > Link a device, and scan:\n${drawing}\n`),
      )
      .catch(() => write(`Link instance ${idInstance}: the QR could not be drawn; use the qr method instead\n`));
  });
}
