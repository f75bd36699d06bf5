import QRCode from 'qrcode';

// Sized so a phone camera reads it from a laptop screen without zooming.
const IMAGE_OPTIONS = { margin: 2, width: 320, errorCorrectionLevel: 'M' } as const;

/** PNG image of the login QR code, e.g. for `GET /api/whatsapp/qr`. */
export function qrToPng(qr: string): Promise<Buffer> {
  return QRCode.toBuffer(qr, { ...IMAGE_OPTIONS, type: 'png' });
}

/** `data:image/png;base64,…` of the login QR code, for embedding in an admin page. */
export function qrToDataUrl(qr: string): Promise<string> {
  return QRCode.toDataURL(qr, { ...IMAGE_OPTIONS, type: 'image/png' });
}

/** The QR code drawn with block characters, to scan straight from the server's terminal. */
export function qrToTerminalText(qr: string): Promise<string> {
  return QRCode.toString(qr, { type: 'terminal', small: true });
}
