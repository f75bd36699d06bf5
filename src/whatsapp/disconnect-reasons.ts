/** What Postbote does after whatsapp-web.js reports `disconnected` with a WhatsApp state. */
export type DisconnectAction = 'blocked' | 'needs-pairing' | 'reconnect';

const BLOCKED = new Set(['TOS_BLOCK', 'SMB_TOS_BLOCK', 'PROXYBLOCK']);
const UNPAIRED = new Set(['UNPAIRED', 'UNPAIRED_IDLE', 'LOGOUT']);

const WORDS: Record<string, string> = {
  TOS_BLOCK: 'WhatsApp blocked this account for a breach of its terms (TOS_BLOCK); posting stopped until the account is cleared and WhatsApp is reconnected',
  SMB_TOS_BLOCK: 'WhatsApp blocked this business account for a breach of its terms (SMB_TOS_BLOCK); posting stopped until the account is cleared and WhatsApp is reconnected',
  PROXYBLOCK: "WhatsApp blocked connections from this server's network address (PROXYBLOCK); posting stopped until the network is changed and WhatsApp is reconnected",
  UNPAIRED: 'the phone no longer lists this device (UNPAIRED): scan the new QR code to link it again',
  UNPAIRED_IDLE: 'the device link expired (UNPAIRED_IDLE): scan the new QR code to link it again',
  LOGOUT: 'this device was logged out on the phone (LOGOUT): scan the new QR code to link it again',
  CONFLICT: 'WhatsApp Web was opened elsewhere with this account (CONFLICT); reconnecting',
  DEPRECATED_VERSION: 'WhatsApp rejected this WhatsApp Web build as outdated (DEPRECATED_VERSION); set WHATSAPP_WEB_VERSION to a current build or clear it',
  BROWSER_CLOSED: 'the browser (Chromium) closed unexpectedly; restarting it',
};

export function disconnectAction(reason: string): DisconnectAction {
  if (BLOCKED.has(reason)) return 'blocked';
  if (UNPAIRED.has(reason)) return 'needs-pairing';
  return 'reconnect';
}

/** The reason in words an editor understands, with the raw state kept for support. */
export function describeDisconnect(reason: string): string {
  return WORDS[reason] ?? `WhatsApp disconnected (${reason}); reconnecting`;
}
