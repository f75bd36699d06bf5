import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { configWarnings } from './config/config-warnings.js';
import type { Env } from './config/env.schema.js';
import { buildConfig, ConfigError, loadEnvFromProcess } from './config/load-config.js';
import { DATABASE } from './db/db.module.js';
import type { Database } from './db/database.js';
import { createRootLogger } from './logging/logger.js';

async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnvFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const config = buildConfig(env);
  const logger = createRootLogger(config);
  for (const warning of configWarnings(env)) logger.warn({ config: 'warning' }, warning);
  const app = await createApp(config, { logger });
  // Our own handler rather than Nest's enableShutdownHooks, which re-raises the signal after
  // closing: a clean drain should end with exit code 0, a stuck one with 1.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down: no new jobs, waiting for jobs in hand');
      setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5000).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.http.port, config.http.host);
  logger.info(
    {
      role: config.role,
      database: app.get<Database>(DATABASE).description,
      url: config.http.publicUrl,
    },
    'Postbote started',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Postbote failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
