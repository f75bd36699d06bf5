import type { WhatsAppWebBuild } from '#src/config/app-config.js';

export type { WhatsAppWebBuild };

/**
 * The narrow slice of whatsapp-web.js that Postbote needs. Everything else of the library stays
 * behind the adapter, so tests can inject a fake client and the library can be swapped.
 * There is deliberately no `logout()`: it unlinks the device and forces a new QR scan.
 */

/** Events of the client lifecycle, with their listener arguments. */
export interface WhatsAppClientEvents {
  qr: [qr: string];
  code: [pairingCode: string];
  authenticated: [];
  ready: [];
  /** `reason` is a WhatsApp state such as `'LOGOUT'`, or `'BROWSER_CLOSED'` after a crash. */
  disconnected: [reason: string];
  auth_failure: [message: string];
}

export type WhatsAppClientEventName = keyof WhatsAppClientEvents;

/** A channel as the library reports it; `channelMetadata` is missing from the library's typings. */
export interface WhatsAppChannel {
  id: { _serialized: string };
  name: string;
  isChannel?: boolean;
  channelMetadata?: { membershipType?: string | null; inviteLink?: string | null } | null;
}

/** An image to send; the adapter turns it into the library's `MessageMedia`. */
export interface WhatsAppMedia {
  mimetype: string;
  /** Base64 of the file content. */
  data: string;
  filename?: string;
}

export type WhatsAppContent = string | WhatsAppMedia;

export interface WhatsAppSendOptions {
  /** Must be false for channels: marking a channel as seen has crashed sends. */
  sendSeen: false;
  caption?: string;
}

/**
 * A message as the library's `Message` carries it (from `sendMessage` or `Channel.fetchMessages`).
 * `id` is a client-side key made BEFORE the send (`WAWebMsgKey.newId()`), so it proves nothing;
 * a channel post WhatsApp took has `_data.serverId`, set only when `sendNewsletterMessageJob`
 * answered `success`. `ack` becomes 1 either way.
 */
export interface WhatsAppSentMessage {
  id?: { id?: string | null; _serialized?: string | null; fromMe?: boolean } | null;
  ack?: number | null;
  type?: string | null;
  /** True when the message has downloadable media (`directPath`). */
  hasMedia?: boolean;
  /** The raw message model, as serialised from WhatsApp Web. */
  _data?: { serverId?: unknown } | null;
}

export interface WhatsAppClientPort {
  /** Launches the browser and loads WhatsApp Web. Resolving does NOT mean `ready`. */
  initialize(): Promise<void>;
  /** Closes the browser and keeps the session on disk. */
  destroy(): Promise<void>;
  sendMessage(
    chatId: string,
    content: WhatsAppContent,
    options: WhatsAppSendOptions,
  ): Promise<WhatsAppSentMessage | null | undefined>;
  getChannels(): Promise<WhatsAppChannel[]>;
  /** The latest messages of a channel as WhatsApp Web holds them (`Channel.fetchMessages`). */
  fetchChannelMessages(channelId: string, limit: number): Promise<WhatsAppSentMessage[]>;
  getChannelByInviteCode(inviteCode: string): Promise<WhatsAppChannel | null | undefined>;
  getChatById(chatId: string): Promise<WhatsAppChannel | null | undefined>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  on<E extends WhatsAppClientEventName>(
    event: E,
    listener: (...args: WhatsAppClientEvents[E]) => void,
  ): unknown;
}

export interface WhatsAppClientOptions {
  /** Directory under which LocalAuth keeps the browser profile and session. */
  dataDir: string;
  /** Chromium binary, e.g. Debian's `/usr/bin/chromium`. */
  executablePath: string;
  /** Optional LocalAuth client id (alphanumerics, `_` and `-`), for several accounts. */
  clientId?: string;
  /** Which WhatsApp Web build to load, and from where; see `WhatsAppWebBuild`. */
  webBuild?: WhatsAppWebBuild;
  /** How long the library waits for WhatsApp Web to load before it gives up ('auth timeout'). */
  loadTimeoutMs?: number;
}

export type WhatsAppClientFactory = (options: WhatsAppClientOptions) => WhatsAppClientPort;
