import { resolve } from 'node:path';
import type { AppConfig } from '#src/config/app-config.js';
import type { TestDatabase } from './test-database.js';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789abcdef';
export const TEST_BOOTSTRAP_TOKEN = 'bootstrap-admin-token-0123456789abcdef';

type Overrides = Partial<Omit<AppConfig, 'http' | 'jobs' | 'database' | 'mail'>> & {
  http?: Partial<AppConfig['http']>;
  jobs?: Partial<AppConfig['jobs']>;
  mail?: Partial<AppConfig['mail']>;
};

/** A complete config for tests: fast job polling and heartbeats, quiet logs. */
export function testConfig(database: TestDatabase, overrides: Overrides = {}): AppConfig {
  const { http, jobs, mail, ...rest } = overrides;
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
    subscribers: {
      newsletters: [
        { slug: 'morgen', name: 'Morgenpost' },
        { slug: 'abend', name: 'Abendausgabe' },
      ],
      limits: { perIpPerHour: 1000, perAddressPerHour: 5, confirmationMailsPerDay: 3 },
      bodyLimitBytes: 16_384,
      pendingRetentionDays: 30,
      site: { name: 'Testblatt', imprint: 'Testblatt GmbH, Teststr. 1, 12345 Teststadt', responsibleEditor: 'Verantwortlich: Erika Test' },
    },
    ...rest,
  };
}
