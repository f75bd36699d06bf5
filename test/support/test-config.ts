import { join, resolve } from 'node:path';
import type { AppConfig } from '#src/config/app-config.js';
import type { TestDatabase } from './test-database.js';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789abcdef';
export const TEST_BOOTSTRAP_TOKEN = 'bootstrap-admin-token-0123456789abcdef';

type Overrides = Partial<Omit<AppConfig, 'http' | 'jobs' | 'database' | 'mail' | 'delivery' | 'bounces' | 'whatsapp' | 'schedules' | 'sources'>> & {
  http?: Partial<AppConfig['http']>;
  jobs?: Partial<AppConfig['jobs']>;
  mail?: Partial<AppConfig['mail']>;
  delivery?: Partial<AppConfig['delivery']>;
  bounces?: Partial<AppConfig['bounces']>;
  whatsapp?: Partial<AppConfig['whatsapp']>;
  schedules?: Partial<AppConfig['schedules']>;
  sources?: Partial<AppConfig['sources']>;
};

/** A complete config for tests: fast job polling and heartbeats, quiet logs. */
export function testConfig(database: TestDatabase, overrides: Overrides = {}): AppConfig {
  const { http, jobs, mail, delivery, bounces, whatsapp, schedules, sources, ...rest } = overrides;
  return {
    http: { host: '127.0.0.1', port: 0, publicUrl: 'http://postbote.test', ...http },
    role: 'all',
    dataDir: database.dataDir,
    database: { url: database.url, poolMax: 5 },
    secretKey: TEST_SECRET_KEY,
    bootstrapAdminToken: TEST_BOOTSTRAP_TOKEN,
    log: { level: 'silent', format: 'json' },
    shutdownTimeoutMs: 10_000,
    jobs: { heartbeatMs: 1000, pollIntervalSeconds: 0.5, ...jobs },
    templatesDir: resolve('templates'),
    mail: { maxConnections: 2, maxMessages: 100, from: 'Postbote Test <newsletter@postbote.test>', ...mail },
    // Disabled unless a test turns it on (with a fake client factory); no pacing delays.
    whatsapp: {
      enabled: false,
      chromePath: '/usr/bin/chromium',
      dataDir: join(database.dataDir, 'whatsapp'),
      readyTimeoutMs: 10_000,
      backoff: { initialMs: 10, maxMs: 100 },
      pacing: { minGapMs: 0, jitterMs: 0, dailyCap: 100, timeZone: 'Europe/Berlin' },
      retryLimit: 2,
      retryDelayMs: 0,
      readBackTimeoutMs: 300,
      canary: { graceMs: 0, retryMs: 200, warmupAttempts: 2, warmupDelayMs: 20 },
      pauseAfterUncertain: 2,
      loadTimeoutMs: 5_000,
      webBuild: { cache: 'none', dir: join(database.dataDir, 'whatsapp', 'web-cache'), strict: false },
      ...whatsapp,
    },
    // Tests call the scheduler's tick themselves with a manual clock; the timer should not interleave.
    schedules: { tickSeconds: 3600, catchUpGraceMinutes: 60, ...schedules },
    delivery: { ratePerSecond: 0, batchSize: 20, leaseSeconds: 30, maxAttempts: 4, retryBaseMs: 100, pollMs: 100, lanesPerConnection: 2, ...delivery },
    bounces: { secrets: {}, softLimit: 3, softWindowDays: 30, ...bounces },
    // Tests serve feeds from 127.0.0.1; the SSRF guard has its own tests with this off.
    sources: { allowPrivate: true, fetchTimeoutMs: 5_000, maxBodyBytes: 10 * 1024 * 1024, ...sources },
    console: { sessionIdleMinutes: 120, sessionMaxHours: 12, login: { maxFailuresPerAccount: 5, maxFailuresPerIp: 50, windowMinutes: 15 } },
    subscribers: {
      limits: { perIpPerHour: 1000, perAddressPerHour: 5, confirmationMailsPerDay: 3 },
      bodyLimitBytes: 16_384,
      allowedOrigins: [],
      pendingRetentionDays: 30,
      site: { name: 'Testblatt', imprint: 'Testblatt GmbH, Teststr. 1, 12345 Teststadt', responsibleEditor: 'Verantwortlich: Erika Test' },
    },
    ...rest,
  };
}
