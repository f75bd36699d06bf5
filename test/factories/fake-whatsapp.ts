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

export const acceptedMessage = (): WhatsAppSentMessage => {
  messageSeq++;
  return { id: { id: `3EB0${messageSeq}`, _serialized: `true_120363000000000001@newsletter_3EB0${messageSeq}` } };
};

/** The library's Client as far as Postbote uses it: an EventEmitter with jest mocks. */
export class FakeWhatsAppClient extends EventEmitter {
  readonly initialize = jest.fn((): Promise<void> => Promise.resolve());
  readonly destroy = jest.fn((): Promise<void> => Promise.resolve());
  readonly sendMessage = jest.fn(
    (_chatId: string, _content: SendContent, _options: WhatsAppSendOptions): Promise<WhatsAppSentMessage | null | undefined> =>
      Promise.resolve(acceptedMessage()),
  );
  readonly getChannels = jest.fn((): Promise<WhatsAppChannel[]> => Promise.resolve([]));
  readonly getChannelByInviteCode = jest.fn((_code: string): Promise<WhatsAppChannel | null | undefined> => Promise.resolve(null));
  readonly getChatById = jest.fn((_id: string): Promise<WhatsAppChannel | null | undefined> => Promise.resolve(null));
  readonly requestPairingCode = jest.fn((_phone: string): Promise<string> => Promise.resolve('ABCD1234'));

  constructor(readonly options: WhatsAppClientOptions) {
    super();
  }
}

/** Records every client the session builds; `prepare` scripts each new one (e.g. emit `ready`). */
export class FakeClientFactory {
  readonly clients: FakeWhatsAppClient[] = [];
  prepare: (client: FakeWhatsAppClient, index: number) => void = (client) => {
    client.initialize.mockImplementation(() => {
      setImmediate(() => client.emit('ready'));
      return Promise.resolve();
    });
  };
  readonly create = jest.fn<WhatsAppClientFactory>((options) => {
    const client = new FakeWhatsAppClient(options);
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
