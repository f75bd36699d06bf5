import { z } from 'zod';

/** Boolean env values: only explicit words count, so a typo is an error rather than `false`. */
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

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
    PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://news.example.de' }).default('http://localhost:3000'),
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
    MAIL_FROM: z.string().min(3).default('Postbote <postbote@localhost>'),
    DKIM_DOMAIN: z.string().min(1).optional(),
    DKIM_SELECTOR: z.string().min(1).optional(),
    DKIM_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional(),
    TRUST_PROXY: flag.default(false),
    SITE_NAME: z.string().trim().min(1).default('Newsletter'),
    SITE_IMPRINT: z.string().trim().min(1).optional(),
    SITE_RESPONSIBLE_EDITOR: z.string().trim().min(1).optional(),
    NEWSLETTERS: z
      .string()
      .regex(/^\s*[a-z0-9][a-z0-9-]*(=[^,]+)?(\s*,\s*[a-z0-9][a-z0-9-]*(=[^,]+)?)*\s*$/, 'must be slug=Name pairs separated by commas (slugs: a-z, 0-9, -)')
      .optional(),
    SUBSCRIBE_LIMIT_PER_IP: positiveInt.default(20),
    SUBSCRIBE_LIMIT_PER_ADDRESS: positiveInt.default(5),
    CONFIRMATION_MAILS_PER_DAY: positiveInt.default(3),
    SUBSCRIBE_BODY_LIMIT_BYTES: positiveInt.min(1024).max(100_000).default(16_384),
    PENDING_RETENTION_DAYS: positiveInt.default(30),
  })
  .superRefine((env, ctx) => {
    const dkim = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY].filter(Boolean).length;
    if (dkim !== 0 && dkim !== 3) {
      for (const key of ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when any DKIM_* variable is set' });
      }
    }
    // Several instances share one PostgreSQL; each must sign tokens with the same key, so a
    // generated per-instance key would silently break links. PGlite is single-instance.
    if (env.DATABASE_URL && !env.SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is required when DATABASE_URL is set' });
    }
  });

export type Env = z.infer<typeof envSchema>;
