import { setTimeout as sleep } from 'node:timers/promises';
import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import { WhatsAppPostingService } from '#src/whatsapp/whatsapp-posting.service.js';
import { WhatsAppPostsService } from '#src/whatsapp/whatsapp-posts.service.js';
import { WhatsAppPublisher } from '#src/whatsapp/whatsapp-publisher.js';
import { WhatsAppRepository } from '#src/whatsapp/whatsapp.repository.js';
import type { WhatsAppPostRow } from '#src/whatsapp/whatsapp.schema.js';
import type { WhatsAppMedia } from '#src/whatsapp/whatsapp-client.port.js';
import { channelWithRole, eventually, FakeClientFactory, type FakeWhatsAppClient, InMemoryWhatsAppContent } from '../../factories/fake-whatsapp.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const CHANNEL = '120363012345678901@newsletter';
const NL = '0b6c3f0e-1d7a-4f3e-9a51-000000000003';
const token = TEST_BOOTSTRAP_TOKEN;
const PNG: WhatsAppMedia = { mimetype: 'image/png', data: 'iVBORw0KGgo=', filename: 'lead.png' };

interface QueueBody {
  state: 'running' | 'paused';
  reason: string | null;
  pausedBy: string | null;
}

describe('WhatsApp posts you can trust (fake Client modelled on whatsapp-web.js 1.34.7)', () => {
  let database: TestDatabase;
  let app: TestApp;
  const factory = new FakeClientFactory();
  const content = new InMemoryWhatsAppContent();

  const client = (): FakeWhatsAppClient => factory.latest;
  const rowOf = async (itemId: string): Promise<WhatsAppPostRow | undefined> =>
    (await app.app.get(WhatsAppRepository).listPosts(NL)).find((p) => p.itemId === itemId);
  const statusOf = async (itemId: string): Promise<string | undefined> => (await rowOf(itemId))?.status;
  const untilStatus = (itemId: string, status: string): Promise<WhatsAppPostRow> =>
    eventually(`${itemId} ${status}`, async () => {
      const row = await rowOf(itemId);
      return row?.status === status ? row : undefined;
    });
  const enqueue = async (id: string, extra: { imageUrl?: string } = {}): Promise<void> => {
    content.addArticle({ id, title: `Artikel ${id}`, ...extra });
    await app.app.get(WhatsAppPublisher).enqueueArticle(NL, id);
  };
  const queue = async (): Promise<QueueBody> => (await app.request('/api/whatsapp/queue', { token })).json() as Promise<QueueBody>;
  const sendsFor = (itemId: string): number =>
    client().sendMessage.mock.calls.filter(([, body, options]) => `${typeof body === 'string' ? body : options.caption}`.includes(`/${itemId}`)).length;
  /** The canary runs once per channel and drain: a drain still running would post without a new check. */
  const drainsIdle = (): Promise<boolean> =>
    eventually('no drain running', async () => {
      const { rows } = await app.app
        .get<symbol, Database>(DATABASE)
        .executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'whatsapp.drain' AND state = 'active'`, []);
      return rows[0]?.n === 0;
    });
  const resume = async (): Promise<QueueBody> => (await app.request('/api/whatsapp/queue/resume', { method: 'POST', token })).json() as Promise<QueueBody>;

  beforeAll(async () => {
    database = await createTestDatabase();
    factory.channels = [channelWithRole(CHANNEL, 'Huawei-News', 'owner')];
    const config = testConfig(database, { whatsapp: { ...testConfig(database).whatsapp, enabled: true } });
    app = await startTestApp(config, { whatsapp: { clientFactory: factory.create, content, imageFetcher: () => Promise.resolve(PNG) } });
    await app.request(`/api/newsletters/${NL}/whatsapp`, { method: 'PUT', token, json: { target: CHANNEL, mode: 'per-article' } });
    await eventually('ready', async () => ((await (await app.request('/api/whatsapp/status', { token })).json()) as { status: string }).status === 'ready');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  afterEach(() => {
    client().behaviour = { rejectPosts: false, hideFromReadBack: false, dropMedia: false };
  });

  it('a refused post (client id, ack 1, no server id) is never recorded as posted', async () => {
    client().behaviour.rejectPosts = true;
    await enqueue('r1');
    const row = await untilStatus('r1', 'failed');
    expect(row).toMatchObject({ serverId: null, attempts: 3 });
    expect(row.lastError).toContain('no server id');
    // The library put every refused message into the channel's local list, with a client id:
    // looking for the client id there would have "confirmed" them.
    const local = client().channelMessages.get(CHANNEL) ?? [];
    expect(local.filter((m) => m.id?.id && m.ack === 1 && m._data?.serverId === undefined).length).toBeGreaterThanOrEqual(3);
  });

  it('an accepted post that never shows up is uncertain, not retried; two in a row pause the queue; resume continues', async () => {
    client().behaviour.hideFromReadBack = true;
    await enqueue('u1');
    const u1 = await untilStatus('u1', 'uncertain');
    expect(u1.serverId).toMatch(/^\d+$/);
    expect(u1.note).toMatch(/accepted the post .* but it did not appear in the channel/);
    expect((await queue()).state).toBe('running');

    await enqueue('u2');
    await untilStatus('u2', 'uncertain');
    const paused = await eventually('paused', async () => {
      const body = await queue();
      return body.state === 'paused' ? body : undefined;
    });
    expect(paused).toMatchObject({ state: 'paused', pausedBy: 'uncertain-posts' });
    expect(paused.reason).toMatch(/^library or account problem: 2 posts in a row/);

    await enqueue('u3');
    await sleep(800);
    expect(await statusOf('u3')).toBe('queued');
    expect(sendsFor('u3')).toBe(0);
    expect(sendsFor('u1')).toBe(1); // never retried blindly

    // While paused, an editor gets the exact text to post by hand.
    const u3 = await rowOf('u3');
    const manual = (await (await app.request(`/api/whatsapp/posts/${u3?.id}`, { token })).json()) as { status: string; manual: { text: string; imageUrl: string | null } };
    expect(manual).toMatchObject({ status: 'queued', manual: { text: '*Artikel u3*\n\nKurz gesagt.\n\nhttps://news.example.de/u3', imageUrl: null } });

    client().behaviour.hideFromReadBack = false;
    expect(await resume()).toMatchObject({ state: 'running', reason: null });
    const posted = await untilStatus('u3', 'posted');
    expect(posted.serverId).toMatch(/^\d+$/);
    expect(await statusOf('u1')).toBe('uncertain');
  });

  it('an uncertain post can be marked posted by hand, once, and it is audited', async () => {
    const u1 = await rowOf('u1');
    const marked = await app.request(`/api/whatsapp/posts/${u1?.id}/mark-posted`, { method: 'POST', token, json: { note: 'im Kanal gesehen' } });
    expect(marked.status).toBe(200);
    expect(await marked.json()).toMatchObject({ status: 'posted', postedManuallyBy: expect.any(String) as string, manual: null });
    const again = await app.request(`/api/whatsapp/posts/${u1?.id}/mark-posted`, { method: 'POST', token, json: {} });
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).toContain('already posted');
    expect((await app.request('/api/whatsapp/posts/6f1c2f9e-0000-4000-8000-000000000000/mark-posted', { method: 'POST', token, json: {} })).status).toBe(404);
    expect((await app.request('/api/whatsapp/posts/not-a-uuid', { token })).status).toBe(400);
    const badNote = await app.request(`/api/whatsapp/posts/${u1?.id}/mark-posted`, { method: 'POST', token, json: { note: 'x'.repeat(501) } });
    expect(badNote.status).toBe(400);
    expect(JSON.stringify(await badNote.json())).toContain('note');
    const audit = JSON.stringify(await (await app.request('/api/audit?limit=50', { token })).json());
    expect(audit).toContain('whatsapp.post.mark-posted');
    expect(audit).toContain('im Kanal gesehen');
  });

  it('a queued post marked posted by hand is never posted by the automation', async () => {
    expect((await app.request('/api/whatsapp/queue/pause', { method: 'POST', token, json: { reason: 'Handbetrieb' } })).status).toBe(200);
    await enqueue('m1');
    const row = await rowOf('m1');
    expect((await app.request(`/api/whatsapp/posts/${row?.id}/mark-posted`, { method: 'POST', token, json: {} })).status).toBe(200);
    await resume();
    await enqueue('m2');
    await untilStatus('m2', 'posted');
    expect(sendsFor('m1')).toBe(0);
  });

  it('an image that comes back as text is posted again as text, and the ledger says so', async () => {
    client().behaviour.dropMedia = true;
    await enqueue('i1', { imageUrl: 'https://news.example.de/i1.png' });
    const row = await untilStatus('i1', 'posted');
    expect(row.fellBackToText).toBe(true);
    expect(row.note).toMatch(/came back without its image; posted again as text/);
    const calls = client().sendMessage.mock.calls.filter(([, body, options]) => `${typeof body === 'string' ? body : options.caption}`.includes('/i1'));
    expect(calls.map(([, body]) => typeof body)).toEqual(['object', 'string']);
  });

  it('an image post WhatsApp refuses falls back to text at once', async () => {
    const fake = client();
    fake.sendMessage.mockImplementationOnce((id, body, options) => {
      fake.behaviour.rejectPosts = true;
      const message = fake.postToChannel(id, body, options);
      fake.behaviour.rejectPosts = false;
      return Promise.resolve(message);
    });
    await enqueue('i2', { imageUrl: 'https://news.example.de/i2.png' });
    const row = await untilStatus('i2', 'posted');
    expect(row).toMatchObject({ fellBackToText: true, attempts: 1 });
    expect(row.note).toMatch(/image post was not accepted .*no server id.*; posted as text/);
  });

  it('an empty channel list after ready pauses the queue; it resumes by itself when the list is back', async () => {
    await drainsIdle();
    client().channels = [];
    await enqueue('c1');
    const paused = await eventually('paused by the canary', async () => {
      const body = await queue();
      return body.state === 'paused' ? body : undefined;
    });
    expect(paused.pausedBy).toBe('canary');
    expect(paused.reason).toMatch(/channel list is empty after login/);
    expect(sendsFor('c1')).toBe(0);
    client().channels = [channelWithRole(CHANNEL, 'Huawei-News', 'owner')];
    await untilStatus('c1', 'posted');
    expect((await queue()).state).toBe('running');
  });

  it('a lost admin role pauses the queue with the reason in words', async () => {
    await drainsIdle();
    client().channels = [channelWithRole(CHANNEL, 'Huawei-News', 'subscriber')];
    await enqueue('c2');
    const paused = await eventually('paused', async () => {
      const body = await queue();
      return body.state === 'paused' ? body : undefined;
    });
    expect(paused.reason).toContain('only a subscriber of channel "Huawei-News"');
    expect(await statusOf('c2')).toBe('queued');
    client().channels = [channelWithRole(CHANNEL, 'Huawei-News', 'admin')];
    await untilStatus('c2', 'posted');
  });

  it('a post interrupted mid-send is uncertain, never sent again', async () => {
    expect((await app.request('/api/whatsapp/queue/pause', { method: 'POST', token, json: { reason: 'Test' } })).status).toBe(200);
    await enqueue('k1');
    const row = await rowOf('k1');
    await app.app.get(WhatsAppRepository).markSending(row?.id ?? '', new Date()); // as if the process died here
    await app.app.get(WhatsAppPostingService).drain();
    const k1 = await untilStatus('k1', 'uncertain');
    expect(k1.note).toMatch(/process stopped while this post was being sent/);
    await resume();
    await sleep(500);
    expect(sendsFor('k1')).toBe(0);
  });

  it("an issue's WhatsApp outcome lists its posts and the queue state", async () => {
    const posts = app.app.get(WhatsAppPostsService);
    const outcome = await posts.outcomeForIssue(NL, 'issue-x', ['u1', 'i1', 'k1']);
    expect(outcome?.queue.state).toBe('running');
    expect(outcome?.posts.map((p) => [p.itemId, p.status])).toEqual([
      ['u1', 'posted'],
      ['i1', 'posted'],
      ['k1', 'uncertain'],
    ]);
    expect(outcome?.posts[0]?.postedManuallyBy).toEqual(expect.any(String));
    expect(await posts.outcomeForIssue(NL, 'issue-y', ['nothing'])).toBeNull();
  });
});
