import type { Env } from './env.schema.js';

export type ProcessRole = Env['ROLE'];

/**
 * Typed, validated configuration. Abstract class so it doubles as the DI token; features read
 * typed values from it and never touch `process.env`.
 */
export abstract class AppConfig {
  abstract readonly http: { host: string; port: number; publicUrl: string; trustProxy?: boolean };
  abstract readonly role: ProcessRole;
  abstract readonly dataDir: string;
  abstract readonly database: { url?: string; poolMax: number };
  abstract readonly secretKey: string;
  abstract readonly bootstrapAdminToken?: string;
  abstract readonly log: { level: Env['LOG_LEVEL']; format: Env['LOG_FORMAT'] };
  abstract readonly shutdownTimeoutMs: number;
  abstract readonly jobs: { heartbeatMs: number; pollIntervalSeconds: number };
  abstract readonly templatesDir: string;
  abstract readonly mail: MailConfig;
  abstract readonly whatsapp: WhatsAppConfig;
  abstract readonly schedules: SchedulesConfig;
  abstract readonly delivery: DeliveryConfig;
  abstract readonly bounces: BounceConfig;
  abstract readonly sources: SourcesConfig;
  abstract readonly subscribers: SubscribersConfig;
  abstract readonly console: ConsoleConfig;
}

export interface ConsoleConfig {
  /** A session unused this long ends. */
  sessionIdleMinutes: number;
  /** A session ends this long after login, however busy. */
  sessionMaxHours: number;
  /** Failed logins within the window that lock an account, or an IP address, until it passes. */
  login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowMinutes: number };
}

export interface WhatsAppConfig {
  /** Off: no browser is started and nothing is posted; the status reads `disabled`. */
  enabled: boolean;
  /** Chromium binary (Debian's by default); puppeteer never downloads one. */
  chromePath: string;
  /** LocalAuth client id, for more than one account in one data directory. */
  clientId?: string;
  /** LocalAuth session and Chromium profile: `${dataDir}/whatsapp`. */
  dataDir: string;
  readyTimeoutMs: number;
  backoff: { initialMs: number; maxMs: number };
  /** Local hour (in `timeZone`) of the optional daily client restart; undefined = never. */
  restartHour?: number;
  pacing: { minGapMs: number; jitterMs: number; dailyCap: number; timeZone: string };
  /** Failed posts are retried this many times (with growing delays) before they are marked failed. */
  retryLimit: number;
  retryDelayMs: number;
  /** How long an accepted post may take to show up in the channel before it is `uncertain`. */
  readBackTimeoutMs: number;
  /** The check before each drain; failing longer than `graceMs` pauses the queue. */
  canary: { graceMs: number; retryMs: number; warmupAttempts: number; warmupDelayMs: number };
  /** Uncertain posts in a row that pause the queue. */
  pauseAfterUncertain: number;
  /** How long the library waits for WhatsApp Web to load ('auth timeout'). */
  loadTimeoutMs: number;
  /** The pinned WhatsApp Web build and where it is kept. */
  webBuild: WhatsAppWebBuild;
}

/**
 * Pins the WhatsApp Web build (the library's `webVersion` + `webVersionCache`). `local` serves a
 * build saved under `dir` (saved there after each successful load); `remote` fetches a saved build
 * from `remoteUrl` (`{version}` is replaced) and is used only when configured; `none` always loads
 * the live build. `strict`: refuse to start when the pinned build is not available, instead of
 * falling back to the live one.
 */
export interface WhatsAppWebBuild {
  version?: string;
  cache: 'local' | 'remote' | 'none';
  dir: string;
  remoteUrl?: string;
  strict: boolean;
}


export interface SchedulesConfig {
  /** How often worker processes look for due slots. */
  tickSeconds: number;
  /** A slot missed by at most this much (downtime) is still sent once; older ones are skipped. */
  catchUpGraceMinutes: number;
}

export interface DeliveryConfig {
  /** Messages per second across all workers together; 0 = no limit. */
  ratePerSecond: number;
  /** Deliveries one worker claims at a time. */
  batchSize: number;
  /** How long a claim holds before another worker may take the deliveries over (crash recovery). */
  leaseSeconds: number;
  /** Attempts before a temporarily failing delivery becomes `failed`. */
  maxAttempts: number;
  /** First retry delay; doubles with each attempt. */
  retryBaseMs: number;
  /** How often an idle worker looks for queued deliveries. */
  pollMs: number;
  /**
   * Delivery lanes per SMTP connection. A lane waits for its ledger write before it sends again;
   * more lanes keep the connections busy meanwhile, and each can duplicate one message on a crash.
   */
  lanesPerConnection: number;
}

export type BounceSource = 'generic' | 'ses' | 'postmark' | 'dsn';

export interface BounceConfig {
  /** Shared secret per source; a source without one is switched off (401). */
  secrets: Partial<Record<BounceSource, string>>;
  /** Soft bounces within the window that suppress an address. */
  softLimit: number;
  softWindowDays: number;
}

export interface SourcesConfig {
  /** Allow source URLs on private/loopback/link-local addresses (SSRF guard off). */
  allowPrivate: boolean;
  fetchTimeoutMs: number;
  maxBodyBytes: number;
}

export interface SubscribersConfig {
  limits: { perIpPerHour: number; perAddressPerHour: number; confirmationMailsPerDay: number };
  bodyLimitBytes: number;
  /** Sites besides PUBLIC_URL whose pages may post the sign-up form (`https://news.example.de`). */
  allowedOrigins: readonly string[];
  pendingRetentionDays: number;
  /** Site identity in the confirmation mail footer (§ 5 DDG, § 18 MStV). */
  site: { name: string; imprint: string; responsibleEditor: string };
}

export interface MailConfig {
  /** Unset: messages are written as .eml files to `${dataDir}/outbox` instead of being sent. */
  smtpUrl?: string;
  maxConnections: number;
  maxMessages: number;
  /** Default sender, `Name <address>`; newsletters may set their own. */
  from: string;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** Address for the `mailto:` alternative in List-Unsubscribe; left out when unset. */
  unsubscribeMailto?: string;
}

export const runsHttpApi = (role: ProcessRole): boolean => role !== 'worker';
export const runsWorkers = (role: ProcessRole): boolean => role !== 'api';
