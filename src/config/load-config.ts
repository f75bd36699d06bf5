import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { AppConfig } from './app-config.js';
import { envSchema, type Env } from './env.schema.js';
import { loadOrCreateSecretKey } from './secret-key.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment, collecting every problem before failing so one boot shows them all. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings come from `FOO=` lines in .env files and compose; treat them as unset.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.') || '(environment)';
  return `${key}: ${issue.message}`;
}

export function buildConfig(env: Env): AppConfig {
  const dataDir = resolve(env.DATA_DIR);
  return {
    http: { host: env.HOST, port: env.PORT, publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''), trustProxy: env.TRUST_PROXY },
    role: env.ROLE,
    dataDir,
    database: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    secretKey: env.SECRET_KEY ?? loadOrCreateSecretKey(dataDir),
    bootstrapAdminToken: env.BOOTSTRAP_ADMIN_TOKEN,
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    jobs: { heartbeatMs: env.WORKER_HEARTBEAT_MS, pollIntervalSeconds: env.JOBS_POLL_INTERVAL_S },
    templatesDir: resolve(env.TEMPLATES_DIR),
    mail: {
      smtpUrl: env.SMTP_URL,
      maxConnections: env.SMTP_MAX_CONNECTIONS,
      maxMessages: env.SMTP_MAX_MESSAGES,
      from: env.MAIL_FROM,
      dkim:
        env.DKIM_DOMAIN && env.DKIM_SELECTOR && env.DKIM_PRIVATE_KEY
          ? { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey: env.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n') }
          : undefined,
    },
    subscribers: {
      newsletters: parseNewsletterList(env.NEWSLETTERS),
      limits: {
        perIpPerHour: env.SUBSCRIBE_LIMIT_PER_IP,
        perAddressPerHour: env.SUBSCRIBE_LIMIT_PER_ADDRESS,
        confirmationMailsPerDay: env.CONFIRMATION_MAILS_PER_DAY,
      },
      bodyLimitBytes: env.SUBSCRIBE_BODY_LIMIT_BYTES,
      pendingRetentionDays: env.PENDING_RETENTION_DAYS,
      site: {
        name: env.SITE_NAME,
        imprint: env.SITE_IMPRINT ?? `Impressum: ${env.PUBLIC_URL.replace(/\/+$/, '')}/impressum`,
        responsibleEditor: env.SITE_RESPONSIBLE_EDITOR ?? 'Verantwortlich i. S. d. § 18 Abs. 2 MStV: siehe Impressum',
      },
    },
  };
}

/** `morgen=Morgenpost, abend` → slugs with display names (the slug when no name is given). */
function parseNewsletterList(value: string | undefined): { slug: string; name: string }[] {
  if (value === undefined) return [];
  return value.split(',').map((entry) => {
    const [slug = '', name] = entry.split('=').map((part) => part.trim());
    return { slug, name: name || slug };
  });
}

/** The only reader of `process.env` (plus an optional `.env` file in the working directory). */
export function loadConfigFromProcess(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return buildConfig(parseEnv(process.env));
}
