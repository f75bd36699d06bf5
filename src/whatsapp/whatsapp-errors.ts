/**
 * whatsapp-web.js rejects with plain strings on timeouts (`'auth timeout'`) and puppeteer with
 * its own errors; normalise everything into an Error with a readable message.
 */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'string') return new Error(reason);
  try {
    return new Error(JSON.stringify(reason) ?? String(reason));
  } catch {
    return new Error(String(reason));
  }
}

export class WhatsAppNotReadyError extends Error {
  override readonly name = 'WhatsAppNotReadyError';
  constructor(readonly status: string, detail?: string) {
    super(`WhatsApp client is not ready (status: ${status}${detail ? `; ${detail}` : ''})`);
  }
}

export class WhatsAppPostNotAcceptedError extends Error {
  override readonly name = 'WhatsAppPostNotAcceptedError';
  constructor(readonly channelId: string, readonly detail: string) {
    super(`WhatsApp did not accept the post to ${channelId}: ${detail}`);
  }
}

export class WhatsAppChannelTargetError extends Error {
  override readonly name = 'WhatsAppChannelTargetError';
  constructor(readonly target: string, reason: string) {
    super(`WhatsApp channel target "${target}": ${reason}`);
  }
}
