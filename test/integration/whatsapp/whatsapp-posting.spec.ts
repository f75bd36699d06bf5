import { WhatsAppRepository } from '#src/whatsapp/whatsapp.repository.js';
import { WhatsAppPublisher } from '#src/whatsapp/whatsapp-publisher.js';
import type { WhatsAppPostRow } from '#src/whatsapp/whatsapp.schema.js';
import { channelWithRole, eventually, FakeClientFactory, InMemoryWhatsAppContent } from '../../factories/fake-whatsapp.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const CHANNEL = '120363012345678901@newsletter';
const INVITE = 'https://whatsapp.com/channel/0029VaAbCdEfGhIjKlMnOp12';
const token = TEST_BOOTSTRAP_TOKEN;
const CHANNELS = [channelWithRole(CHANNEL, 'Huawei-News', 'owner'), channelWithRole('120363099999999999@newsletter', 'Fremdkanal', 'subscriber')];

describe('WhatsApp posting through the app (fake Client)', () => {
  let database: TestDatabase;
  let app: TestApp;
  let factory: FakeClientFactory;
  const content = new InMemoryWhatsAppContent();

  const config = (): ReturnType<typeof testConfig> =>
    testConfig(database, { whatsapp: { ...testConfig(database).whatsapp, enabled: true, readyTimeoutMs: 60_000 } });
  const boot = async (): Promise<void> => {
    app = await startTestApp(config(), { whatsapp: { clientFactory: factory.create, content } });
  };
  const publisher = (): WhatsAppPublisher => app.app.get(WhatsAppPublisher);
  const posts = (newsletterId: string): Promise<WhatsAppPostRow[]> => app.app.get(WhatsAppRepository).listPosts(newsletterId);
  const postOf = async (newsletterId: string, itemId: string): Promise<WhatsAppPostRow | undefined> =>
    (await posts(newsletterId)).find((p) => p.itemId === itemId);
  const status = async (): Promise<{ status: string; lastError: string | null }> =>
    (await app.request('/api/whatsapp/status', { token })).json() as Promise<{ status: string; lastError: string | null }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    factory = new FakeClientFactory();
    factory.channels = CHANNELS;
    // The first client needs a login: it shows a QR code and waits for the test to "scan".
    factory.prepare = (client, index) => {
      client.initialize.mockImplementation(() => {
        setImmediate(() => (index === 0 ? client.emit('qr', '2@login-qr-code') : client.emit('ready')));
        return Promise.resolve();
      });
      client.getChannelByInviteCode.mockResolvedValue({ id: { _serialized: CHANNEL }, name: 'Huawei-News' });
    };
    await boot();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('qr → ready → post: shows the QR code, resolves the invite link, posts and records the message id', async () => {
    await eventually('status qr', async () => (await status()).status === 'qr');
    const qr = await app.request('/api/whatsapp/qr', { token });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await qr.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect(app.logs.filter((l) => l.includes('WhatsApp login needed'))).toHaveLength(1);
    expect(factory.clients[0]?.options).toMatchObject({ dataDir: config().whatsapp.dataDir, webBuild: config().whatsapp.webBuild, loadTimeoutMs: 5_000 });

    const pairing = await app.request('/api/whatsapp/pairing-code', { method: 'POST', token, json: { phone: '+49 151 1234567' } });
    expect(pairing.status).toBe(200);
    expect(await pairing.json()).toEqual({ code: 'ABCD1234' });
    expect(factory.latest.requestPairingCode).toHaveBeenCalledWith('491511234567');
    const badPhone = await app.request('/api/whatsapp/pairing-code', { method: 'POST', token, json: { phone: 'call me' } });
    expect(badPhone.status).toBe(400);
    expect(JSON.stringify(await badPhone.json())).toContain('phone must be');

    const put = await app.request('/api/newsletters/0b6c3f0e-1d7a-4f3e-9a51-000000000001/whatsapp', { method: 'PUT', token, json: { target: INVITE, mode: 'per-article' } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ target: INVITE, channelId: null, mode: 'per-article', enabled: true });

    content.addArticle({ id: 'a1', title: 'Huawei stellt neues Smartphone vor', imageUrl: null });
    expect(await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a1')).toEqual({ queued: 1, alreadyQueued: 0 });

    const client = factory.latest;
    client.emit('authenticated');
    client.emit('ready');
    await eventually('ready', async () => (await status()).status === 'ready');
    expect((await app.request('/api/whatsapp/qr', { token })).status).toBe(404);

    const posted = await eventually('a1 posted', async () => ((await postOf('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a1'))?.status === 'posted' ? postOf('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a1') : undefined));
    expect(posted).toMatchObject({ channelId: CHANNEL, attempts: 1, lastError: null });
    // The client id is made before the send; the server id is what proves the post.
    expect(posted?.messageId).toMatch(/^true_.*3EB0/);
    expect(posted?.serverId).toMatch(/^\d+$/);
    expect(client.fetchChannelMessages).toHaveBeenCalledWith(CHANNEL, 20);
    expect(client.getChannelByInviteCode).toHaveBeenCalledWith('0029VaAbCdEfGhIjKlMnOp12');
    expect(client.sendMessage).toHaveBeenCalledTimes(1);
    expect(client.sendMessage).toHaveBeenCalledWith(
      CHANNEL,
      '*Huawei stellt neues Smartphone vor*\n\nKurz gesagt.\n\nhttps://news.example.de/a1',
      { sendSeen: false },
    );
    const target = await (await app.request('/api/newsletters/0b6c3f0e-1d7a-4f3e-9a51-000000000001/whatsapp', { token })).json();
    expect(target).toMatchObject({ channelId: CHANNEL, resolveError: null });

    const channels = await app.request('/api/whatsapp/channels', { token });
    expect(await channels.json()).toEqual([{ id: CHANNEL, name: 'Huawei-News', role: 'owner' }]);
  });

  it('neutralises WhatsApp markup in awkward titles and keeps umlauts and emoji', async () => {
    content.addArticle({ id: 'a2', title: '*Eilmeldung*: _Glück_ ~gehabt~ mit `code` 🚀 – Größe', excerpt: '> kein Zitat' });
    await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a2');
    await eventually('a2 posted', async () => (await postOf('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a2'))?.status === 'posted');
    const text = factory.latest.sendMessage.mock.calls.at(-1)?.[1] as string;
    const visible = text.replace(/\u2060/g, '');
    expect(visible).toBe('**Eilmeldung*: _Glück_ ~gehabt~ mit `code` 🚀 – Größe*\n\n> kein Zitat\n\nhttps://news.example.de/a2');
    // Every markup character inside the title is fenced by word joiners, so none pairs up.
    expect(text).toContain('\u2060*\u2060Eilmeldung\u2060*\u2060');
    expect(text).toContain('\u2060_\u2060Glück\u2060_\u2060');
    expect(text).toContain('\u2060`\u2060code\u2060`\u2060');
    expect(text).toContain('\u2060> kein Zitat');
  });

  it('a post that is not accepted is retried, then marked failed', async () => {
    const client = factory.latest;
    const before = client.sendMessage.mock.calls.length;
    // What the library returns for a post WhatsApp refused: client id and ack 1, no server id.
    client.behaviour.rejectPosts = true;
    client.sendMessage.mockImplementationOnce((id, body, options) => Promise.resolve(client.postToChannel(id, body, options)));
    client.sendMessage.mockResolvedValueOnce(null);
    client.sendMessage.mockRejectedValueOnce('Evaluation failed');
    content.addArticle({ id: 'a3' });
    await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a3');
    const failed = await eventually('a3 failed', async () => {
      const row = await postOf('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a3');
      return row?.status === 'failed' ? row : undefined;
    });
    expect(client.sendMessage.mock.calls.length - before).toBe(3); // first try + retryLimit (2)
    client.behaviour.rejectPosts = false;
    expect(failed).toMatchObject({ attempts: 3, messageId: null, serverId: null });
    expect(failed.lastError).toContain('Evaluation failed');
  });

  it('disconnect while the queue has items: the client is rebuilt and the queue continues', async () => {
    const first = factory.latest;
    const built = factory.clients.length;
    let release: () => void = () => undefined;
    factory.prepare = (client) => {
      client.initialize.mockImplementation(() => {
        release = () => client.emit('ready');
        return Promise.resolve();
      });
    };
    first.emit('disconnected', 'NAVIGATION');
    await eventually('rebuilt client', () => factory.clients.length === built + 1);
    expect(first.destroy).toHaveBeenCalled();
    expect((await status()).status).not.toBe('ready');

    content.addArticle({ id: 'a4' });
    content.addArticle({ id: 'a5' });
    expect(await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a4')).toMatchObject({ queued: 1 });
    expect(await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a5')).toMatchObject({ queued: 1 });
    expect((await postOf('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a4'))?.status).toBe('queued');

    release();
    await eventually('a4 and a5 posted', async () => {
      const rows = await posts('0b6c3f0e-1d7a-4f3e-9a51-000000000001');
      return rows.filter((r) => ['a4', 'a5'].includes(r.itemId) && r.status === 'posted').length === 2;
    });
    const rebuilt = factory.latest;
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.sendMessage).toHaveBeenCalledTimes(2);
    expect((await status()).lastError).toContain('NAVIGATION');
  });

  it('an issue of a digest newsletter is one post; the preview shows the same text', async () => {
    await app.request('/api/newsletters/0b6c3f0e-1d7a-4f3e-9a51-000000000002/whatsapp', { method: 'PUT', token, json: { target: CHANNEL, mode: 'digest' } });
    const a = content.addArticle({ id: 'd1', title: 'Erster' });
    const b = content.addArticle({ id: 'd2', title: 'Zweiter' });
    content.issues.set('issue-1', { newsletterName: 'Huawei-News', locale: 'de', articles: [b, a] });
    const preview = await publisher().previewText('0b6c3f0e-1d7a-4f3e-9a51-000000000002', 'issue-1');
    expect(preview?.posts).toHaveLength(1);
    expect(preview?.posts[0]?.text).toMatch(/^\*Huawei-News\*: 2 neue Artikel/);
    expect(await publisher().enqueueIssue('0b6c3f0e-1d7a-4f3e-9a51-000000000002', 'issue-1')).toEqual({ queued: 1, alreadyQueued: 0 });
    expect(await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000002', 'd1')).toMatchObject({ queued: 0, skipped: 'digest-mode' });
    await eventually('issue posted', async () => (await postOf('0b6c3f0e-1d7a-4f3e-9a51-000000000002', 'issue-1'))?.status === 'posted');
    expect(factory.latest.sendMessage.mock.calls.at(-1)?.[1]).toBe(preview?.posts[0]?.text);
  });

  it('after a restart nothing already posted is posted again', async () => {
    await app.close();
    factory = new FakeClientFactory();
    factory.channels = CHANNELS;
    await boot();
    await eventually('ready after restart', async () => (await status()).status === 'ready');
    expect(await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a1')).toEqual({ queued: 0, alreadyQueued: 1 });
    expect(await publisher().enqueueIssue('0b6c3f0e-1d7a-4f3e-9a51-000000000002', 'issue-1')).toEqual({ queued: 0, alreadyQueued: 1 });
    content.addArticle({ id: 'a6' });
    await publisher().enqueueArticle('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a6');
    await eventually('a6 posted', async () => (await postOf('0b6c3f0e-1d7a-4f3e-9a51-000000000001', 'a6'))?.status === 'posted');
    // Only the new article went out; a1 … a5 and the issue were in the ledger already.
    expect(factory.latest.sendMessage).toHaveBeenCalledTimes(1);
    expect(factory.latest.sendMessage.mock.calls[0]?.[1]).toContain('https://news.example.de/a6');
  });
});
