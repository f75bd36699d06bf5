import { z } from 'zod';

/** Boolean env values: only explicit words count, so a typo is an error rather than `false`. */
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Defaults that suit a first look on a laptop but not mail to real readers (see config-warnings.ts). */
export const DEFAULT_MAIL_FROM = 'Postbote <postbote@localhost>';
export const DEFAULT_SITE_NAME = 'Newsletter';
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/** `https://news.example.de` or `http://localhost:8080`: what browsers send in `Origin`. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/**
 * Every setting Postbote reads from the environment. `.env.example` documents each one; keep the
 * two in step (a unit test checks that every key here appears there).
 */
export const envSchema = z
  .object({
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: port.default(3000),
    PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://news.example.de' }).default(DEFAULT_PUBLIC_URL),
    ROLE: z.enum(['all', 'api', 'worker'], { message: 'must be all, api or worker' }).default('all'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    DATABASE_POOL_MAX: positiveInt.max(200).default(10),
    SECRET_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
    BOOTSTRAP_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    SHUTDOWN_TIMEOUT_MS: positiveInt.default(30_000),
    WORKER_HEARTBEAT_MS: positiveInt.min(1000).default(10_000),
    JOBS_POLL_INTERVAL_S: z.coerce.number().min(0.5).max(60).default(2),
    TEMPLATES_DIR: z.string().min(1).default('./templates'),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
    SMTP_MAX_CONNECTIONS: positiveInt.max(100).default(5),
    SMTP_MAX_MESSAGES: positiveInt.default(100),
    MAIL_FROM: z.string().min(3).default(DEFAULT_MAIL_FROM),
    DKIM_DOMAIN: z.string().min(1).optional(),
    DKIM_SELECTOR: z.string().min(1).optional(),
    DKIM_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional(),
    WHATSAPP_ENABLED: flag.default(false),
    CHROME_PATH: z.string().min(1).default('/usr/bin/chromium'),
    WHATSAPP_CLIENT_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, _ and -')
      .optional(),
    WHATSAPP_READY_TIMEOUT_MS: positiveInt.min(1000).default(120_000),
    WHATSAPP_BACKOFF_INITIAL_MS: positiveInt.default(5_000),
    WHATSAPP_BACKOFF_MAX_MS: positiveInt.default(300_000),
    WHATSAPP_RESTART_HOUR: z.coerce.number().int().min(0).max(23).optional(),
    WHATSAPP_MIN_GAP_S: z.coerce.number().min(0).default(180),
    WHATSAPP_JITTER_S: z.coerce.number().min(0).default(120),
    WHATSAPP_DAILY_CAP: positiveInt.default(30),
    WHATSAPP_TIME_ZONE: z.string().min(1).default('Europe/Berlin'),
    WHATSAPP_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(3),
    WHATSAPP_RETRY_DELAY_S: z.coerce.number().min(0).default(60),
    WHATSAPP_READ_BACK_TIMEOUT_S: z.coerce.number().min(1).max(600).default(30),
    WHATSAPP_CANARY_GRACE_S: z.coerce.number().min(0).max(86_400).default(300),
    WHATSAPP_PAUSE_AFTER_UNCERTAIN: positiveInt.max(20).default(2),
    WHATSAPP_LOAD_TIMEOUT_MS: positiveInt.min(1000).default(60_000),
    WHATSAPP_WEB_VERSION: z
      .string()
      .regex(/^[0-9][0-9A-Za-z.-]*$/, 'must be a WhatsApp Web build number such as 2.3000.1017054665')
      .optional(),
    WHATSAPP_WEB_CACHE: z.enum(['local', 'remote', 'none'], { message: 'must be local, remote or none' }).default('local'),
    WHATSAPP_WEB_CACHE_DIR: z.string().min(1).optional(),
    WHATSAPP_WEB_CACHE_REMOTE_URL: z.url({ message: 'must be an absolute URL containing {version}' }).optional(),
    WHATSAPP_WEB_VERSION_STRICT: flag.default(false),
    SCHEDULE_TICK_S: positiveInt.max(3600).default(30),
    SCHEDULE_CATCH_UP_GRACE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
    LIST_UNSUBSCRIBE_MAILTO: z.email({ message: 'must be an email address such as unsubscribe@news.example.de' }).optional(),
    SMTP_RATE_PER_SECOND: z.coerce.number().min(0).max(100_000).default(0),
    DELIVERY_BATCH_SIZE: positiveInt.max(5000).default(100),
    DELIVERY_LEASE_SECONDS: positiveInt.max(3600).default(120),
    DELIVERY_MAX_ATTEMPTS: positiveInt.max(50).default(6),
    DELIVERY_RETRY_BASE_MS: positiveInt.default(60_000),
    DELIVERY_POLL_MS: positiveInt.max(60_000).default(1000),
    DELIVERY_LANES_PER_CONNECTION: positiveInt.max(20).default(2),
    BOUNCE_WEBHOOK_SECRET_GENERIC: z.string().min(16, 'must be at least 16 characters').optional(),
    BOUNCE_WEBHOOK_SECRET_SES: z.string().min(16, 'must be at least 16 characters').optional(),
    BOUNCE_WEBHOOK_SECRET_POSTMARK: z.string().min(16, 'must be at least 16 characters').optional(),
    BOUNCE_WEBHOOK_SECRET_DSN: z.string().min(16, 'must be at least 16 characters').optional(),
    BOUNCE_SOFT_LIMIT: positiveInt.max(100).default(3),
    BOUNCE_SOFT_WINDOW_DAYS: positiveInt.max(365).default(30),
    ALLOW_PRIVATE_SOURCES: flag.default(false),
    SOURCE_FETCH_TIMEOUT_MS: positiveInt.min(1000).max(300_000).default(15_000),
    SOURCE_MAX_BODY_BYTES: positiveInt.min(1024).default(10 * 1024 * 1024),
    TRUST_PROXY: flag.default(false),
    SITE_NAME: z.string().trim().min(1).default(DEFAULT_SITE_NAME),
    SITE_IMPRINT: z.string().trim().min(1).optional(),
    SITE_RESPONSIBLE_EDITOR: z.string().trim().min(1).optional(),
    SUBSCRIBE_LIMIT_PER_IP: positiveInt.default(20),
    SUBSCRIBE_LIMIT_PER_ADDRESS: positiveInt.default(5),
    CONFIRMATION_MAILS_PER_DAY: positiveInt.default(3),
    SUBSCRIBE_ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter((origin) => origin !== ''))
      .refine((origins) => origins.every(isOrigin), 'must be a comma-separated list of origins such as https://news.example.de (scheme, host and port only)'),
    SUBSCRIBE_BODY_LIMIT_BYTES: positiveInt.min(1024).max(100_000).default(16_384),
    PENDING_RETENTION_DAYS: positiveInt.default(30),
    CONSOLE_SESSION_IDLE_MINUTES: positiveInt.max(7 * 24 * 60).default(120),
    CONSOLE_SESSION_MAX_HOURS: positiveInt.max(90 * 24).default(12),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.max(1000).default(5),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt.max(100_000).default(50),
    LOGIN_FAILURE_WINDOW_MINUTES: positiveInt.max(24 * 60).default(15),
  })
  .superRefine((env, ctx) => {
    if (env.WHATSAPP_BACKOFF_MAX_MS < env.WHATSAPP_BACKOFF_INITIAL_MS) {
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_BACKOFF_MAX_MS'], message: 'must be >= WHATSAPP_BACKOFF_INITIAL_MS' });
    }
    if (env.WHATSAPP_WEB_CACHE === 'remote' && !env.WHATSAPP_WEB_CACHE_REMOTE_URL?.includes('{version}')) {
      // A remote cache downloads WhatsApp Web builds at run time: only from an address the operator chose.
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_WEB_CACHE_REMOTE_URL'], message: 'is required with WHATSAPP_WEB_CACHE=remote and must contain {version}' });
    }
    if (env.WHATSAPP_WEB_VERSION_STRICT && !env.WHATSAPP_WEB_VERSION) {
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_WEB_VERSION'], message: 'is required when WHATSAPP_WEB_VERSION_STRICT=true' });
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: env.WHATSAPP_TIME_ZONE });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_TIME_ZONE'], message: 'must be an IANA time zone such as Europe/Berlin' });
    }
    const dkim = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY].filter(Boolean).length;
    if (dkim !== 0 && dkim !== 3) {
      for (const key of ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when any DKIM_* variable is set' });
      }
    }
    // Several instances share one PostgreSQL; each must sign tokens with the same key, so a
    // generated per-instance key would silently break links. Processes sharing the embedded
    // server share DATA_DIR and so its generated key.
    if (env.DATABASE_URL && !env.SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is required when DATABASE_URL is set' });
    }
    // Real mail to real people must name a real Impressum (§ 5 DDG); there is no default that
    // points anywhere that exists, because Postbote does not host the site's legal pages.
    if (env.SMTP_URL && !env.SITE_IMPRINT) {
      ctx.addIssue({
        code: 'custom',
        path: ['SITE_IMPRINT'],
        message: 'is required when SMTP_URL is set: the Impressum (§ 5 DDG) as text or the URL of the site\'s Impressum page',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
