import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import type {
  WhatsAppChannel,
  WhatsAppClientFactory,
  WhatsAppClientOptions,
  WhatsAppContent as SendContent,
  WhatsAppSendOptions,
  WhatsAppSentMessage,
} from '#src/whatsapp/whatsapp-client.port.js';
import { WhatsAppContent, type WhatsAppContentArticle, type WhatsAppContentIssue } from '#src/whatsapp/whatsapp-content.port.js';

let messageSeq = 0;
let serverSeq = 100;

/** How the fake WhatsApp treats channel posts; each switch models a failure seen in the wild. */
export interface FakeChannelBehaviour {
  /** WhatsApp refuses posts: the library still returns a message (client id, ack 1), without a server id. */
  rejectPosts: boolean;
  /** Accepted posts never show up when the channel is read back. */
  hideFromReadBack: boolean;
  /** Image posts come back as text (no media). */
  dropMedia: boolean;
}

/**
 * A channel message as whatsapp-web.js 1.34.7 returns it (`new Message(client, getMessageModel(msg))`):
 * the id is the client-side key made before the send; `_data.serverId` exists only when WhatsApp's
 * newsletter send job answered `success`; `ack` is 1 either way (`msg.updateAck(1, true)`).
 */
export function libraryChannelMessage(channelId: string, content: SendContent, caption: string | undefined, serverId: number | null): WhatsAppSentMessage & { body: string } {
  messageSeq++;
  const key = `3EB0${messageSeq.toString(16).toUpperCase()}${'0'.repeat(12)}`;
  const id = { fromMe: true, remote: channelId, id: key, _serialized: `true_${channelId}_${key}` };
  const media = typeof content !== 'string';
  const data = {
    id,
    ack: 1,
    type: media ? 'image' : 'chat',
    body: media ? '' : content,
    caption,
    directPath: media ? `/v/t62.7118-24/${key}.enc` : undefined,
    ...(serverId === null ? {} : { serverId }),
  };
  return { _data: data, id, ack: 1, type: data.type, hasMedia: Boolean(data.directPath), body: media ? (caption ?? '') : content };
}

/** The library's Client as far as Postbote uses it: an EventEmitter with jest mocks. */
export class FakeWhatsAppClient extends EventEmitter {
  /** Each channel's messages, as WhatsApp Web's `chat.msgs` holds them (a refused post is added too). */
  readonly channelMessages = new Map<string, Array<WhatsAppSentMessage & { visible: boolean }>>();
  behaviour: FakeChannelBehaviour = { rejectPosts: false, hideFromReadBack: false, dropMedia: false };

  readonly initialize = jest.fn((): Promise<void> => Promise.resolve());
  readonly destroy = jest.fn((): Promise<void> => Promise.resolve());
  readonly sendMessage = jest.fn(
    (chatId: string, content: SendContent, options: WhatsAppSendOptions): Promise<WhatsAppSentMessage | null | undefined> =>
      Promise.resolve(this.postToChannel(chatId, content, options)),
  );
  /** The account's channel list (`getChannels`); empty, as right after login while WhatsApp Web syncs. */
  channels: WhatsAppChannel[] = [];
  readonly getChannels = jest.fn((): Promise<WhatsAppChannel[]> => Promise.resolve(this.channels));
  readonly fetchChannelMessages = jest.fn((channelId: string, limit: number): Promise<WhatsAppSentMessage[]> =>
    Promise.resolve((this.channelMessages.get(channelId) ?? []).filter((m) => m.visible).slice(-limit)),
  );
  readonly getChannelByInviteCode = jest.fn((_code: string): Promise<WhatsAppChannel | null | undefined> => Promise.resolve(null));
  readonly getChatById = jest.fn((_id: string): Promise<WhatsAppChannel | null | undefined> => Promise.resolve(null));
  readonly requestPairingCode = jest.fn((_phone: string): Promise<string> => Promise.resolve('ABCD1234'));

  constructor(readonly options: WhatsAppClientOptions) {
    super();
  }

  /** What the library's channel branch of `sendMessage` does, with the server's answer from `behaviour`. */
  postToChannel(channelId: string, content: SendContent, options: WhatsAppSendOptions): WhatsAppSentMessage {
    const accepted = !this.behaviour.rejectPosts;
    const message = libraryChannelMessage(channelId, content, options.caption, accepted ? serverSeq++ : null);
    // What a later read of the channel shows: a dropped image comes back as its caption only.
    const stored: WhatsAppSentMessage =
      typeof content !== 'string' && this.behaviour.dropMedia
        ? { ...message, type: 'chat', hasMedia: false, _data: { ...message._data, type: 'chat', directPath: undefined } as WhatsAppSentMessage['_data'] }
        : message;
    const list = this.channelMessages.get(channelId) ?? [];
    // The library adds the message to the channel before the send job answers, so a refused post
    // is in the local list too, without a server id.
    list.push({ ...stored, visible: !(accepted && this.behaviour.hideFromReadBack) });
    this.channelMessages.set(channelId, list);
    return message;
  }

  /** Every post WhatsApp took (with a server id), in order. */
  acceptedPosts(channelId: string): WhatsAppSentMessage[] {
    return (this.channelMessages.get(channelId) ?? []).filter((m) => m._data?.serverId !== undefined);
  }
}

/** A channel as `getChannels()` lists it, with the account's role in `channelMetadata`. */
export function channelWithRole(id: string, name: string, membershipType: 'owner' | 'admin' | 'subscriber' | 'guest' = 'owner'): WhatsAppChannel {
  return { id: { _serialized: id }, name, isChannel: true, channelMetadata: { membershipType } };
}

/** Records every client the session builds; `prepare` scripts each new one (e.g. emit `ready`). */
export class FakeClientFactory {
  readonly clients: FakeWhatsAppClient[] = [];
  /** Every new client's channel list. */
  channels: WhatsAppChannel[] = [];
  prepare: (client: FakeWhatsAppClient, index: number) => void = (client) => {
    client.initialize.mockImplementation(() => {
      setImmediate(() => client.emit('ready'));
      return Promise.resolve();
    });
  };
  readonly create = jest.fn<WhatsAppClientFactory>((options) => {
    const client = new FakeWhatsAppClient(options);
    client.channels = [...this.channels];
    this.prepare(client, this.clients.length);
    this.clients.push(client);
    return client;
  });

  get latest(): FakeWhatsAppClient {
    const client = this.clients.at(-1);
    if (!client) throw new Error('no client built yet');
    return client;
  }
}

/** In-memory articles and issues behind the content port. */
export class InMemoryWhatsAppContent extends WhatsAppContent {
  readonly articles = new Map<string, WhatsAppContentArticle>();
  readonly issues = new Map<string, WhatsAppContentIssue>();

  addArticle(article: Partial<WhatsAppContentArticle> & { id: string }): WhatsAppContentArticle {
    const full = { title: `Artikel ${article.id}`, url: `https://news.example.de/${article.id}`, excerpt: 'Kurz gesagt.', ...article };
    this.articles.set(full.id, full);
    return full;
  }

  articleForPost(articleId: string): Promise<WhatsAppContentArticle | null> {
    return Promise.resolve(this.articles.get(articleId) ?? null);
  }

  issueForPost(issueId: string): Promise<WhatsAppContentIssue | null> {
    return Promise.resolve(this.issues.get(issueId) ?? null);
  }
}

/** Polls until `check` returns a value (not undefined/false); fails with `what` after the deadline. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
