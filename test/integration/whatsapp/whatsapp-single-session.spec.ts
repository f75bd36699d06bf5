import { WorkerIdentity } from '#src/system/worker-identity.js';
import { eventually, FakeClientFactory, InMemoryWhatsAppContent } from '../../factories/fake-whatsapp.js';
import { describeWithPostgres } from '../../support/describe-db.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describeWithPostgres('one WhatsApp session per deployment (PostgreSQL advisory lock)', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await database?.drop();
  });

  it('lets only one of two enabled workers start a client; the other reports the holder’s status', async () => {
    database = await createTestDatabase();
    const config = testConfig(database, { whatsapp: { ...testConfig(database).whatsapp, enabled: true } });
    const first = new FakeClientFactory();
    const second = new FakeClientFactory();
    const content = new InMemoryWhatsAppContent();
    apps.push(await startTestApp(config, { whatsapp: { clientFactory: first.create, content } }));
    apps.push(await startTestApp(config, { whatsapp: { clientFactory: second.create, content } }));
    const [holder, standby] = apps as [TestApp, TestApp];

    const status = await eventually('status ready on the standby', async () => {
      const body = (await (await standby.request('/api/whatsapp/status', { token: TEST_BOOTSTRAP_TOKEN })).json()) as { status: string; holder: string };
      return body.status === 'ready' ? body : undefined;
    });
    expect(status.holder).toBe(holder.app.get(WorkerIdentity).id);
    expect(first.create).toHaveBeenCalledTimes(1);
    expect(second.create).not.toHaveBeenCalled();
    expect((await standby.request('/api/whatsapp/channels', { token: TEST_BOOTSTRAP_TOKEN })).status).toBe(409);
  });
});
