import path from 'node:path';
import wwebjs from 'whatsapp-web.js';
import type {
  WhatsAppChannel,
  WhatsAppClientEventName,
  WhatsAppClientEvents,
  WhatsAppClientFactory,
  WhatsAppClientOptions,
  WhatsAppClientPort,
  WhatsAppContent,
  WhatsAppSendOptions,
  WhatsAppSentMessage,
  WhatsAppWebBuild,
} from './whatsapp-client.port.js';

// The library is CommonJS; importing it only loads code, no browser is started until initialize().
const { Client, LocalAuth, MessageMedia } = wwebjs;

/** Flags for a headless Chromium on a server or in a container. */
export const CHROMIUM_SERVER_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
];

/** The Chromium profile LocalAuth uses, where stale `Singleton*` locks live after a crash. */
export function profileDirFor(dataDir: string, clientId?: string): string {
  return path.join(path.resolve(dataDir), clientId ? `session-${clientId}` : 'session');
}

/** Thin adapter: the real whatsapp-web.js client behind the port. */
export class WhatsAppWebClient implements WhatsAppClientPort {
  private readonly client: InstanceType<typeof Client>;
  private destroying = false;

  constructor(options: WhatsAppClientOptions) {
    this.client = new Client({
      authStrategy: new LocalAuth({ dataPath: path.resolve(options.dataDir), clientId: options.clientId }),
      puppeteer: {
        executablePath: options.executablePath,
        headless: true,
        args: [...CHROMIUM_SERVER_ARGS],
      },
      ...(options.loadTimeoutMs ? { authTimeoutMs: options.loadTimeoutMs } : {}),
      ...(options.webBuild ? webBuildOptions(options.webBuild) : {}),
    });
  }

  async initialize(): Promise<void> {
    await this.client.initialize();
    // The library does not notice a crashed browser; report it like a disconnect so the
    // session manager rebuilds the client.
    this.client.pupBrowser?.once('disconnected', () => {
      if (!this.destroying) this.client.emit('disconnected', 'BROWSER_CLOSED');
    });
  }

  async destroy(): Promise<void> {
    this.destroying = true;
    await this.client.destroy();
  }

  async sendMessage(
    chatId: string,
    content: WhatsAppContent,
    options: WhatsAppSendOptions,
  ): Promise<WhatsAppSentMessage | null | undefined> {
    // The library recognises media only as an instance of its own MessageMedia.
    const payload =
      typeof content === 'string'
        ? content
        : new MessageMedia(content.mimetype, content.data, content.filename ?? null);
    const sent: WhatsAppSentMessage | null | undefined = await this.client.sendMessage(chatId, payload, options);
    return sent;
  }

  async getChannels(): Promise<WhatsAppChannel[]> {
    return await this.client.getChannels();
  }

  async fetchChannelMessages(channelId: string, limit: number): Promise<WhatsAppSentMessage[]> {
    const chat: unknown = await this.client.getChatById(channelId);
    if (!isChannelWithMessages(chat)) throw new Error(`${channelId} is not a channel this account can read`);
    return await chat.fetchMessages({ limit });
  }

  async getChannelByInviteCode(inviteCode: string): Promise<WhatsAppChannel | null | undefined> {
    return await this.client.getChannelByInviteCode(inviteCode);
  }

  async getChatById(chatId: string): Promise<WhatsAppChannel | null | undefined> {
    return await this.client.getChatById(chatId);
  }

  requestPairingCode(phoneNumber: string): Promise<string> {
    return this.client.requestPairingCode(phoneNumber);
  }

  on<E extends WhatsAppClientEventName>(event: E, listener: (...args: WhatsAppClientEvents[E]) => void): this {
    this.client.on(event, listener as (...args: unknown[]) => void);
    return this;
  }
}

interface ChannelWithMessages {
  fetchMessages(options: { limit: number }): Promise<WhatsAppSentMessage[]>;
}

function isChannelWithMessages(chat: unknown): chat is ChannelWithMessages {
  return typeof chat === 'object' && chat !== null && typeof (chat as Partial<ChannelWithMessages>).fetchMessages === 'function';
}

/** The library's options for a pinned build; `remote` only when a URL is configured. */
export function webBuildOptions(build: WhatsAppWebBuild): { webVersion?: string; webVersionCache: wwebjs.WebCacheOptions } {
  const cache: wwebjs.WebCacheOptions =
    build.cache === 'none'
      ? { type: 'none' }
      : build.cache === 'remote' && build.remoteUrl
        ? { type: 'remote', remotePath: build.remoteUrl, strict: build.strict }
        : { type: 'local', path: path.resolve(build.dir), strict: build.strict };
  return { ...(build.version ? { webVersion: build.version } : {}), webVersionCache: cache };
}

export const createWhatsAppWebClient: WhatsAppClientFactory = (options) => new WhatsAppWebClient(options);
