import { setTimeout as sleep } from 'node:timers/promises';
import type { WhatsAppClientPort, WhatsAppMedia, WhatsAppSentMessage } from './whatsapp-client.port.js';
import { toError, WhatsAppPostNotAcceptedError } from './whatsapp-errors.js';
import type { WhatsAppPost } from './whatsapp-message.formatter.js';

/** Loads a lead image; rejects when it cannot be used (the post then goes out as text). */
export type ImageFetcher = (url: string) => Promise<WhatsAppMedia>;

/** What the poster knows after WhatsApp accepted a post. */
export interface PostResult {
  /** `posted`: accepted and read back from the channel; `uncertain`: accepted but not seen there. */
  state: 'posted' | 'uncertain';
  /** WhatsApp's id of the post (opaque). */
  serverId: string;
  /** The library's client-side message id (opaque), for finding the post by hand. */
  clientId: string | null;
  withImage: boolean;
  /** The post has an image but went out as text (see `note`). */
  fellBackToText: boolean;
  /** For the editor: why the image was left out, or why the post is uncertain. */
  note: string | null;
}

export interface PosterLogger {
  warn(message: string): void;
}

export interface ReadBackOptions {
  /** How long to look for an accepted post in the channel before calling it uncertain. */
  timeoutMs: number;
  intervalMs: number;
  /** How many of the channel's latest messages to look through. */
  limit: number;
}

export const DEFAULT_READ_BACK: ReadBackOptions = { timeoutMs: 30_000, intervalMs: 2_000, limit: 20 };

/**
 * The server id WhatsApp gave a channel post, or null. Only a `success` answer of WhatsApp's
 * newsletter send job sets it; the message id and `ack` look the same for a rejected post.
 */
export function serverIdOf(message: WhatsAppSentMessage | null | undefined): string | null {
  const value = message?._data?.serverId;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return null;
  const id = String(value).trim();
  return id === '' ? null : id;
}

function clientIdOf(message: WhatsAppSentMessage): string | null {
  return message.id?._serialized?.trim() || message.id?.id?.trim() || null;
}

function isMedia(message: WhatsAppSentMessage): boolean {
  return message.hasMedia === true || message.type === 'image';
}

interface Confirmed {
  serverId: string;
  clientId: string | null;
  /** null: not seen in the channel within the read-back time. */
  readBack: WhatsAppSentMessage | null;
  readBackError: string | null;
}

/**
 * Posts one message into one channel and proves it: WhatsApp must answer with a server id, and
 * the post must then be found in the channel. An image post that fails or comes back without its
 * image is replaced by the same teaser as text. A post WhatsApp accepted but that cannot be found
 * is `uncertain`: never retried blindly, because it may be visible to readers after all.
 */
export class ChannelPoster {
  constructor(
    private readonly fetchImage: ImageFetcher,
    private readonly logger: PosterLogger = { warn: () => undefined },
    private readonly readBack: ReadBackOptions = DEFAULT_READ_BACK,
  ) {}

  async post(client: WhatsAppClientPort, channelId: string, post: WhatsAppPost): Promise<PostResult> {
    const { media, imageError } = await this.loadImage(post.imageUrl);
    if (!media) {
      const note = imageError ? `the image could not be loaded (${imageError}); posted as text` : null;
      return this.postText(client, channelId, post, imageError !== null, note);
    }
    let confirmed: Confirmed;
    try {
      confirmed = await this.sendAndConfirm(client, channelId, media, post.text);
    } catch (err) {
      if (!(err instanceof WhatsAppPostNotAcceptedError)) throw err;
      this.logger.warn(`Image post to ${channelId} not accepted, posting text instead: ${err.detail}`);
      return this.postText(client, channelId, post, true, `the image post was not accepted (${err.detail}); posted as text`);
    }
    if (!confirmed.readBack) return this.uncertain(confirmed, true, false, null);
    if (isMedia(confirmed.readBack)) return this.result('posted', confirmed, true, false, null);
    this.logger.warn(`Image post ${confirmed.serverId} to ${channelId} came back without its image, posting text instead`);
    const note = `the image post (WhatsApp id ${confirmed.serverId}) came back without its image; posted again as text`;
    return this.postText(client, channelId, post, true, note);
  }

  private async postText(
    client: WhatsAppClientPort,
    channelId: string,
    post: WhatsAppPost,
    fellBackToText: boolean,
    note: string | null,
  ): Promise<PostResult> {
    const confirmed = await this.sendAndConfirm(client, channelId, post.text, null);
    if (!confirmed.readBack) return this.uncertain(confirmed, false, fellBackToText, note);
    return this.result('posted', confirmed, false, fellBackToText, note);
  }

  private uncertain(confirmed: Confirmed, withImage: boolean, fellBackToText: boolean, note: string | null): PostResult {
    const seconds = Math.round(this.readBack.timeoutMs / 1000);
    const why =
      `WhatsApp accepted the post (id ${confirmed.serverId}) but it did not appear in the channel within ${seconds} s` +
      (confirmed.readBackError ? ` (reading the channel failed: ${confirmed.readBackError})` : '') +
      '; check the channel, then mark it posted or post it by hand';
    return this.result('uncertain', confirmed, withImage, fellBackToText, note ? `${why}. ${note}` : why);
  }

  private result(
    state: PostResult['state'],
    confirmed: Confirmed,
    withImage: boolean,
    fellBackToText: boolean,
    note: string | null,
  ): PostResult {
    return { state, serverId: confirmed.serverId, clientId: confirmed.clientId, withImage, fellBackToText, note };
  }

  /** Sends, requires WhatsApp's server id, then looks for the post in the channel. */
  private async sendAndConfirm(
    client: WhatsAppClientPort,
    channelId: string,
    content: string | WhatsAppMedia,
    caption: string | null,
  ): Promise<Confirmed> {
    let sent: WhatsAppSentMessage | null | undefined;
    try {
      sent =
        caption === null
          ? await client.sendMessage(channelId, content, { sendSeen: false })
          : await client.sendMessage(channelId, content, { sendSeen: false, caption });
    } catch (err) {
      throw new WhatsAppPostNotAcceptedError(channelId, `sending failed: ${toError(err).message}`);
    }
    if (!sent) {
      throw new WhatsAppPostNotAcceptedError(channelId, 'WhatsApp Web returned no message (channel not found, or this kind of post is not supported)');
    }
    const serverId = serverIdOf(sent);
    if (!serverId) {
      throw new WhatsAppPostNotAcceptedError(
        channelId,
        'WhatsApp did not confirm the post (no server id): the account may have lost its admin role, or WhatsApp refused it',
      );
    }
    const { found, error } = await this.findInChannel(client, channelId, serverId);
    return { serverId, clientId: clientIdOf(sent), readBack: found, readBackError: error };
  }

  private async findInChannel(
    client: WhatsAppClientPort,
    channelId: string,
    serverId: string,
  ): Promise<{ found: WhatsAppSentMessage | null; error: string | null }> {
    const deadline = Date.now() + this.readBack.timeoutMs;
    let error: string | null;
    for (;;) {
      try {
        const messages = await client.fetchChannelMessages(channelId, this.readBack.limit);
        const found = messages.find((m) => serverIdOf(m) === serverId);
        if (found) return { found, error: null };
        error = null; // the channel was readable; the post just is not there (yet)
      } catch (err) {
        error = toError(err).message;
      }
      if (Date.now() + this.readBack.intervalMs > deadline) return { found: null, error };
      await sleep(this.readBack.intervalMs);
    }
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
