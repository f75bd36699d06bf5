import type { AppConfig } from '#src/config/app-config.js';
import { startTestApp, type TestApp } from './test-app.js';
import { testConfig } from './test-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

type ConfigOverrides = Parameters<typeof testConfig>[1];

/**
 * One database and one running app for a whole test file (boots are the slow part): call at the
 * top of a describe block and read `.app` inside tests.
 */
export function useTestApp(overrides: ConfigOverrides | ((database: TestDatabase) => ConfigOverrides) = {}): {
  readonly app: TestApp;
  readonly config: AppConfig;
  readonly database: TestDatabase;
} {
  const state: { app?: TestApp; config?: AppConfig; database?: TestDatabase } = {};
  beforeAll(async () => {
    state.database = await createTestDatabase();
    state.config = testConfig(state.database, typeof overrides === 'function' ? overrides(state.database) : overrides);
    state.app = await startTestApp(state.config);
  });
  afterAll(async () => {
    await state.app?.close();
    await state.database?.drop();
  });
  return {
    get app() {
      return required(state.app);
    },
    get config() {
      return required(state.config);
    },
    get database() {
      return required(state.database);
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('useTestApp: used outside a test (before beforeAll ran)');
  return value;
}
