import { createServer } from 'node:net';
import { createEmbeddedDataDir, postgresProcessesOf } from '../support/embedded-data-dir.js';
import { spawnService, waitForHttp, type ServiceProcess } from '../support/spawn-service.js';
import { TEST_SECRET_KEY } from '../support/test-config.js';
import { createTestDatabase } from '../support/test-database.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ROUNDS = 3;
// Three processes booting at once on a busy 2-core machine can each take a minute.
const BOOT_DEADLINE_MS = 180_000;
const ROLES = ['api', 'worker', 'worker'] as const;

/**
 * README: instances "may start together". One api and two workers start at the same moment on a
 * fresh database (no tables, no job queues yet); every one must come up healthy.
 */
async function startTogether(env: Record<string, string>): Promise<void> {
  const ports = await Promise.all(ROLES.map(() => freePort()));
  const processes: ServiceProcess[] = ROLES.map((role, i) => spawnService({ ...env, ROLE: role, PORT: String(ports[i]), HOST: '127.0.0.1', WORKER_HEARTBEAT_MS: '1000' }));
  try {
    const outcomes = await Promise.all(
      processes.map((service, i) =>
        Promise.race([waitForHttp(`http://127.0.0.1:${ports[i]}/health`, BOOT_DEADLINE_MS).then(() => 'healthy'), service.exited.then((code) => `exited ${code}: ${service.output()}`)]),
      ),
    );
    expect(outcomes).toEqual(ROLES.map(() => 'healthy'));
    for (const service of processes) service.child.kill('SIGTERM');
    expect(await Promise.all(processes.map((service) => service.exited))).toEqual(ROLES.map(() => 0));
  } finally {
    for (const service of processes) service.child.kill('SIGKILL');
  }
}

describe('processes started together on a fresh database', () => {
  it(`share one embedded server that the first one creates (${ROUNDS} rounds), and the last one stops it`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dir = createEmbeddedDataDir();
      try {
        await startTogether({ DATA_DIR: dir.dataDir });
        expect(postgresProcessesOf(dir.dataDir)).toEqual([]);
      } finally {
        dir.remove();
      }
    }
  }, 900_000);

  it(`start on one external database without a deadlock (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const database = await createTestDatabase({ migrated: false });
      try {
        await startTogether({ DATA_DIR: database.dataDir, DATABASE_URL: database.url, SECRET_KEY: TEST_SECRET_KEY });
      } finally {
        await database.drop();
      }
    }
  }, 900_000);
});
