import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { AppConfig } from './app-config.js';
import { envSchema, type Env } from './env.schema.js';
import { loadOrCreateSecretKey } from './secret-key.js';

/** The Impressum text of an install that sends no real mail yet (no SMTP_URL). */
export const UNSET_IMPRINT = 'SITE_IMPRINT ist nicht gesetzt (Impressum fehlt)';

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
    sources: { allowPrivate: env.ALLOW_PRIVATE_SOURCES, fetchTimeoutMs: env.SOURCE_FETCH_TIMEOUT_MS, maxBodyBytes: env.SOURCE_MAX_BODY_BYTES },
    mail: {
      smtpUrl: env.SMTP_URL,
      maxConnections: env.SMTP_MAX_CONNECTIONS,
      maxMessages: env.SMTP_MAX_MESSAGES,
      from: env.MAIL_FROM,
      dkim:
        env.DKIM_DOMAIN && env.DKIM_SELECTOR && env.DKIM_PRIVATE_KEY
          ? { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey: env.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n') }
          : undefined,
      unsubscribeMailto: env.LIST_UNSUBSCRIBE_MAILTO,
    },
    delivery: {
      ratePerSecond: env.SMTP_RATE_PER_SECOND,
      batchSize: env.DELIVERY_BATCH_SIZE,
      leaseSeconds: env.DELIVERY_LEASE_SECONDS,
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      retryBaseMs: env.DELIVERY_RETRY_BASE_MS,
      pollMs: env.DELIVERY_POLL_MS,
      lanesPerConnection: env.DELIVERY_LANES_PER_CONNECTION,
    },
    bounces: {
      secrets: {
        generic: env.BOUNCE_WEBHOOK_SECRET_GENERIC,
        ses: env.BOUNCE_WEBHOOK_SECRET_SES,
        postmark: env.BOUNCE_WEBHOOK_SECRET_POSTMARK,
        dsn: env.BOUNCE_WEBHOOK_SECRET_DSN,
      },
      softLimit: env.BOUNCE_SOFT_LIMIT,
      softWindowDays: env.BOUNCE_SOFT_WINDOW_DAYS,
    },
    whatsapp: {
      enabled: env.WHATSAPP_ENABLED,
      chromePath: env.CHROME_PATH,
      clientId: env.WHATSAPP_CLIENT_ID,
      dataDir: join(dataDir, 'whatsapp'),
      readyTimeoutMs: env.WHATSAPP_READY_TIMEOUT_MS,
      backoff: { initialMs: env.WHATSAPP_BACKOFF_INITIAL_MS, maxMs: env.WHATSAPP_BACKOFF_MAX_MS },
      restartHour: env.WHATSAPP_RESTART_HOUR,
      pacing: {
        minGapMs: env.WHATSAPP_MIN_GAP_S * 1000,
        jitterMs: env.WHATSAPP_JITTER_S * 1000,
        dailyCap: env.WHATSAPP_DAILY_CAP,
        timeZone: env.WHATSAPP_TIME_ZONE,
      },
      retryLimit: env.WHATSAPP_RETRY_LIMIT,
      retryDelayMs: env.WHATSAPP_RETRY_DELAY_S * 1000,
      readBackTimeoutMs: env.WHATSAPP_READ_BACK_TIMEOUT_S * 1000,
      canary: { graceMs: env.WHATSAPP_CANARY_GRACE_S * 1000, retryMs: 60_000, warmupAttempts: 3, warmupDelayMs: 5_000 },
      pauseAfterUncertain: env.WHATSAPP_PAUSE_AFTER_UNCERTAIN,
      loadTimeoutMs: env.WHATSAPP_LOAD_TIMEOUT_MS,
      webBuild: {
        version: env.WHATSAPP_WEB_VERSION,
        cache: env.WHATSAPP_WEB_CACHE,
        dir: resolve(env.WHATSAPP_WEB_CACHE_DIR ?? join(dataDir, 'whatsapp', 'web-cache')),
        remoteUrl: env.WHATSAPP_WEB_CACHE_REMOTE_URL,
        strict: env.WHATSAPP_WEB_VERSION_STRICT,
      },
    },
    schedules: { tickSeconds: env.SCHEDULE_TICK_S, catchUpGraceMinutes: env.SCHEDULE_CATCH_UP_GRACE_MINUTES },
    console: {
      sessionIdleMinutes: env.CONSOLE_SESSION_IDLE_MINUTES,
      sessionMaxHours: env.CONSOLE_SESSION_MAX_HOURS,
      login: {
        maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
        windowMinutes: env.LOGIN_FAILURE_WINDOW_MINUTES,
      },
    },
    subscribers: {
      limits: {
        perIpPerHour: env.SUBSCRIBE_LIMIT_PER_IP,
        perAddressPerHour: env.SUBSCRIBE_LIMIT_PER_ADDRESS,
        confirmationMailsPerDay: env.CONFIRMATION_MAILS_PER_DAY,
      },
      bodyLimitBytes: env.SUBSCRIBE_BODY_LIMIT_BYTES,
      allowedOrigins: env.SUBSCRIBE_ALLOWED_ORIGINS,
      pendingRetentionDays: env.PENDING_RETENTION_DAYS,
      site: {
        name: env.SITE_NAME,
        // Only reachable without SMTP_URL (the schema requires it otherwise): mails then go to the
        // outbox, where this text tells the operator what is missing.
        imprint: env.SITE_IMPRINT ?? UNSET_IMPRINT,
        // The template adds the legal label; the value is only the name.
        responsibleEditor: env.SITE_RESPONSIBLE_EDITOR ?? 'siehe Impressum',
      },
    },
  };
}

/** The only reader of `process.env` (plus an optional `.env` file in the working directory). */
export function loadEnvFromProcess(): Env {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return parseEnv(process.env);
}

export function loadConfigFromProcess(): AppConfig {
  return buildConfig(loadEnvFromProcess());
}
