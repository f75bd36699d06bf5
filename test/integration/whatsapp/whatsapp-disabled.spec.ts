import { WhatsAppRepository } from '#src/whatsapp/whatsapp.repository.js';
import { WhatsAppPublisher } from '#src/whatsapp/whatsapp-publisher.js';
import { FakeClientFactory, InMemoryWhatsAppContent } from '../../factories/fake-whatsapp.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** Newsletter ids are UUIDs (every id route parameter is checked). */
const NL = '0b6c3f0e-1d7a-4f3e-9a51-0000000000a1';

const token = TEST_BOOTSTRAP_TOKEN;

describe('WhatsApp disabled (the default)', () => {
  let database: TestDatabase;
  let app: TestApp;
  const factory = new FakeClientFactory();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database), { whatsapp: { clientFactory: factory.create, content: new InMemoryWhatsAppContent() } });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('starts no browser and the endpoints say disabled', async () => {
    const status = await app.request('/api/whatsapp/status', { token });
    expect(await status.json()).toEqual({ status: 'disabled', lastError: null, qrAvailable: false, holder: null });
    expect((await app.request('/api/whatsapp/qr', { token })).status).toBe(404);
    const channels = await app.request('/api/whatsapp/channels', { token });
    expect(channels.status).toBe(409);
    expect(JSON.stringify(await channels.json())).toContain('disabled');
    const pairing = await app.request('/api/whatsapp/pairing-code', { method: 'POST', token, json: { phone: '4915112345678' } });
    expect(pairing.status).toBe(409);
    expect(factory.create).not.toHaveBeenCalled();
  });

  it('still keeps channel targets and queues posts for the process that runs WhatsApp', async () => {
    const put = await app.request(`/api/newsletters/${NL}/whatsapp`, {
      method: 'PUT',
      token,
      json: { target: '120363012345678901@newsletter', mode: 'per-article' },
    });
    expect(put.status).toBe(200);
    expect(await app.app.get(WhatsAppPublisher).enqueueArticle(NL, 'a1')).toEqual({ queued: 1, alreadyQueued: 0 });
    expect((await app.app.get(WhatsAppRepository).listPosts(NL))[0]).toMatchObject({ status: 'queued', attempts: 0 });
    expect(factory.create).not.toHaveBeenCalled();
  });

  it('validates targets and requires a token', async () => {
    const bad = await app.request(`/api/newsletters/${NL}/whatsapp`, { method: 'PUT', token, json: { target: 'not a channel', mode: 'weekly' } });
    expect(bad.status).toBe(400);
    const message = JSON.stringify(await bad.json());
    expect(message).toContain('mode must be per-article or digest');
    const badTarget = await app.request(`/api/newsletters/${NL}/whatsapp`, { method: 'PUT', token, json: { target: 'not a channel', mode: 'digest' } });
    expect(badTarget.status).toBe(400);
    expect(JSON.stringify(await badTarget.json())).toContain('target:');
    expect((await app.request('/api/whatsapp/status')).status).toBe(401);
    expect((await app.request('/api/newsletters/0b6c3f0e-1d7a-4f3e-9a51-00000000ffff/whatsapp', { token })).status).toBe(404);
    expect((await app.request('/api/newsletters/none/whatsapp', { token })).status).toBe(400);
    expect((await app.request(`/api/newsletters/${NL}/whatsapp`, { method: 'DELETE', token })).status).toBe(204);
    expect((await app.request(`/api/newsletters/${NL}/whatsapp`, { token })).status).toBe(404);
  });
});
