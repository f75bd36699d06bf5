import type { WhatsAppClientPort, WhatsAppMedia, WhatsAppSentMessage } from './whatsapp-client.port.js';
import { toError, WhatsAppPostNotAcceptedError } from './whatsapp-errors.js';
import type { WhatsAppPost } from './whatsapp-message.formatter.js';

/** Loads a lead image; rejects when it cannot be used (the post then goes out as text). */
export type ImageFetcher = (url: string) => Promise<WhatsAppMedia>;

export interface PostResult {
  /** The server's message id: what the posting ledger stores. */
  messageId: string;
  withImage: boolean;
  /** Why the image was left out, when the post has one but it could not be fetched. */
  imageError: string | null;
}

export interface PosterLogger {
  warn(message: string): void;
}

/** The server id of an accepted post, or null: a rejected post can come back looking sent. */
export function acceptedMessageId(sent: WhatsAppSentMessage | null | undefined): string | null {
  const id = sent?.id;
  const serverId = id?.id?.trim();
  const serialized = id?._serialized?.trim();
  return serverId ? (serialized || serverId) : null;
}

/** Posts one message into one channel and verifies that WhatsApp accepted it. */
export class ChannelPoster {
  constructor(
    private readonly fetchImage: ImageFetcher,
    private readonly logger: PosterLogger = { warn: () => undefined },
  ) {}

  async post(client: WhatsAppClientPort, channelId: string, post: WhatsAppPost): Promise<PostResult> {
    const { media, imageError } = await this.loadImage(post.imageUrl);
    let sent: WhatsAppSentMessage | null | undefined;
    try {
      sent = media
        ? await client.sendMessage(channelId, media, { sendSeen: false, caption: post.text })
        : await client.sendMessage(channelId, post.text, { sendSeen: false });
    } catch (err) {
      throw new WhatsAppPostNotAcceptedError(channelId, `send failed: ${toError(err).message}`);
    }
    const messageId = acceptedMessageId(sent);
    if (!messageId) {
      throw new WhatsAppPostNotAcceptedError(
        channelId,
        sent ? 'the returned message has no server id' : 'sendMessage returned no message',
      );
    }
    return { messageId, withImage: media !== null, imageError };
  }

  private async loadImage(url: string | null): Promise<{ media: WhatsAppMedia | null; imageError: string | null }> {
    if (!url) return { media: null, imageError: null };
    try {
      return { media: await this.fetchImage(url), imageError: null };
    } catch (err) {
      const imageError = toError(err).message;
      this.logger.warn(`Lead image ${url} not usable, posting text only: ${imageError}`);
      return { media: null, imageError };
    }
  }
}
