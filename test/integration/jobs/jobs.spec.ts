import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type Database } from '#src/db/database.js';
import { migrate } from '#src/db/migrator.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { startTestApp } from '../../support/test-app.js';
import { describeWithPostgres } from '../../support/describe-db.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describeWithPostgres('jobs across instances', () => {
  it('runs a job enqueued by an API instance on a worker instance', async () => {
    const database = await createTestDatabase();
    const worker = await startTestApp(testConfig(database, { role: 'worker' }));
    const api = await startTestApp(testConfig(database, { role: 'api' }));
    try {
      const response = await api.request('/api/system/queue-probe?timeoutMs=20000', { method: 'POST', token: TEST_BOOTSTRAP_TOKEN });
      expect(response.status).toBe(201);
      const { handledBy } = (await response.json()) as { handledBy: string };
      const workerIdentity = (await (await worker.request('/health')).json()) as { status: string };
      expect(workerIdentity.status).toBe('ok');
      // The API instance takes no jobs, so the only possible handler is the worker instance.
      const { WorkerIdentity } = await import('#src/system/worker-identity.js');
      expect(handledBy).toBe(worker.app.get(WorkerIdentity).id);
      expect(handledBy).not.toBe(api.app.get(WorkerIdentity).id);
      // And the API instance itself is healthy because a worker elsewhere is alive.
      expect((await api.request('/health')).status).toBe(200);
    } finally {
      await api.close();
      await worker.close();
      await database.drop();
    }
  });
});

describe('graceful shutdown', () => {
  let database: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url, dataDir: database.dataDir, poolMax: 3 });
    await migrate(db.db);
  });
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('lets a job in hand finish before stopping', async () => {
    const jobs = new JobsService(testConfig(database), db);
    await jobs.onModuleInit();
    let started = false;
    let finished = false;
    jobs.register('system.queue-probe', async () => {
      started = true;
      await sleep(1500);
      finished = true;
    });
    await jobs.onApplicationBootstrap();
    await jobs.send('system.queue-probe', { probeId: '00000000-0000-0000-0000-000000000000' });
    while (!started) await sleep(50);

    await jobs.beforeApplicationShutdown();
    expect(finished).toBe(true);
    const state = await db.executeSql(`SELECT state FROM pgboss.job WHERE name = 'system.queue-probe'`);
    expect(state.rows).toEqual([{ state: 'completed' }]);
  });
});
