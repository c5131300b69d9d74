// Renders the text a phone must scan as a PNG, base64-encoded, as GREEN-API's `qr` method returns it.

import QRCode from 'qrcode';

export async function qrPngBase64(text: string): Promise<string> {
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  return png.toString('base64');
}
