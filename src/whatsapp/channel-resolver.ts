import type { WhatsAppChannel, WhatsAppClientPort } from './whatsapp-client.port.js';
import { WhatsAppChannelTargetError } from './whatsapp-errors.js';

export type ChannelTarget = { kind: 'id'; id: string } | { kind: 'invite'; code: string };

export type ChannelRole = 'owner' | 'admin';

export interface PostableChannel {
  id: string;
  name: string;
  role: ChannelRole;
}

const CHANNEL_ID = /^\d+@newsletter$/;
const INVITE_CODE = /^[A-Za-z0-9]{10,40}$/;
const INVITE_LINK = /^(?:https?:\/\/)?(?:www\.)?whatsapp\.com\/channel\/([A-Za-z0-9]{10,40})\/?(?:[?#].*)?$/i;

/** Reads a channel target as configured per newsletter: `…@newsletter`, an invite code or link. */
export function parseChannelTarget(target: string): ChannelTarget {
  const value = target.trim();
  if (CHANNEL_ID.test(value)) return { kind: 'id', id: value };
  const link = INVITE_LINK.exec(value);
  if (link?.[1]) return { kind: 'invite', code: link[1] };
  if (INVITE_CODE.test(value)) return { kind: 'invite', code: value };
  throw new WhatsAppChannelTargetError(
    target,
    'expected a channel id ending in @newsletter, an invite code or a https://whatsapp.com/channel/… link',
  );
}

/** Turns a configured target into the channel id to post to. */
export async function resolveChannelId(client: WhatsAppClientPort, target: string): Promise<string> {
  const parsed = parseChannelTarget(target);
  if (parsed.kind === 'id') return parsed.id;
  let channel: WhatsAppChannel | null | undefined;
  try {
    channel = await client.getChannelByInviteCode(parsed.code);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new WhatsAppChannelTargetError(target, `invite code lookup failed: ${reason}`);
  }
  const id = channel?.id?._serialized;
  if (!id) throw new WhatsAppChannelTargetError(target, 'no channel found for this invite code');
  return id;
}

/** The role of the account in a channel, or null when it may not post there. */
export function postingRole(channel: WhatsAppChannel): ChannelRole | null {
  const role = channel.channelMetadata?.membershipType;
  return role === 'owner' || role === 'admin' ? role : null;
}

/**
 * Channels the account can post to. The library does not check roles, and a post by a mere
 * subscriber may even come back looking sent, so the metadata role is the only reliable filter.
 */
export async function listPostableChannels(client: WhatsAppClientPort): Promise<PostableChannel[]> {
  const channels = await client.getChannels();
  return channels.flatMap((channel) => {
    const role = postingRole(channel);
    return role ? [{ id: channel.id._serialized, name: channel.name, role }] : [];
  });
}
