import { setTimeout as sleep } from 'node:timers/promises';
import { postingRole } from './channel-resolver.js';
import type { WhatsAppChannel, WhatsAppClientPort } from './whatsapp-client.port.js';
import { toError } from './whatsapp-errors.js';

export interface CanaryOptions {
  /** Reads of the channel list while it is empty right after login (sync still running). */
  warmupAttempts: number;
  warmupDelayMs: number;
}

/**
 * The check before a drain posts into a channel: the channel list loads, and the account is the
 * channel's owner or admin. Returns null when all is well, else the problem in an editor's words.
 * When WhatsApp Web changes under the library, this is what fails first — before posts vanish.
 */
export async function checkChannel(client: WhatsAppClientPort, channelId: string, options: CanaryOptions): Promise<string | null> {
  let channels: WhatsAppChannel[];
  for (let attempt = 1; ; attempt++) {
    try {
      channels = await client.getChannels();
    } catch (err) {
      return `the account's channel list could not be loaded (${toError(err).message})`;
    }
    if (channels.length > 0 || attempt >= options.warmupAttempts) break;
    await sleep(options.warmupDelayMs);
  }
  if (channels.length === 0) {
    return "the account's channel list is empty after login: WhatsApp Web may still be syncing, or this library version no longer matches WhatsApp Web";
  }
  const channel = channels.find((c) => c.id?._serialized === channelId);
  if (!channel) return `channel ${channelId} is not in the account's channel list (deleted, left, or the account changed)`;
  if (!postingRole(channel)) {
    const role = channel.channelMetadata?.membershipType;
    return `the account is ${role ? `only a ${role}` : 'no admin'} of channel "${channel.name}" and cannot post there (it needs the owner or admin role)`;
  }
  return null;
}
