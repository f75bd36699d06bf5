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
  abstract readonly subscribers: SubscribersConfig;
}

export interface SubscribersConfig {
  /** Newsletter slugs offered on the subscribe page until the newsletters feature binds its own list. */
  newsletters: { slug: string; name: string }[];
  limits: { perIpPerHour: number; perAddressPerHour: number; confirmationMailsPerDay: number };
  bodyLimitBytes: number;
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
}

export const runsHttpApi = (role: ProcessRole): boolean => role !== 'worker';
export const runsWorkers = (role: ProcessRole): boolean => role !== 'api';
