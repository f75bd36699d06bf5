import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import { WhatsAppRepository } from '#src/whatsapp/whatsapp.repository.js';
import { WhatsAppPostingService } from '#src/whatsapp/whatsapp-posting.service.js';
import { WhatsAppPublisher } from '#src/whatsapp/whatsapp-publisher.js';
import type { WhatsAppClock } from '#src/whatsapp/whatsapp.tokens.js';
import { channelWithRole, eventually, FakeClientFactory, InMemoryWhatsAppContent } from '../../factories/fake-whatsapp.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** Newsletter ids are UUIDs (every id route parameter is checked). */
const NL = '0b6c3f0e-1d7a-4f3e-9a51-0000000000a1';

const CHANNEL = '120363012345678901@newsletter';
// 11:00 in Berlin; later than the database's now(), so queued rows are due on this clock.
const T0 = new Date('2030-03-10T10:00:00Z');
const GAP_MS = 180_000;
const JITTER_MS = 120_000;

describe('WhatsApp pacing: gap, jitter and daily cap on an injected clock', () => {
  let database: TestDatabase;
  let app: TestApp;
  const factory = new FakeClientFactory();
  const content = new InMemoryWhatsAppContent();
  let now = T0;
  const clock: WhatsAppClock = { now: () => now, random: () => 0.5 };

  const statusOf = async (itemId: string): Promise<string | undefined> =>
    (await app.app.get(WhatsAppRepository).listPosts(NL)).find((p) => p.itemId === itemId)?.status;
  const sends = (): number => factory.latest.sendMessage.mock.calls.length;
  /** Background drains must be idle before the test drives one itself. */
  const noDrainRunning = async (): Promise<boolean> => {
    const { rows } = await app.app
      .get<symbol, Database>(DATABASE)
      .executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'whatsapp.drain' AND state = 'active'`, []);
    return rows[0]?.n === 0;
  };
  const drainAt = async (at: Date): Promise<void> => {
    now = at;
    await app.app.get(WhatsAppPostingService).drain();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    factory.channels = [channelWithRole(CHANNEL, 'Kanal')];
    const base = testConfig(database).whatsapp;
    const config = testConfig(database, {
      whatsapp: { ...base, enabled: true, pacing: { minGapMs: GAP_MS, jitterMs: JITTER_MS, dailyCap: 2, timeZone: 'Europe/Berlin' } },
    });
    app = await startTestApp(config, { whatsapp: { clientFactory: factory.create, content, clock } });
    await app.request(`/api/newsletters/${NL}/whatsapp`, { method: 'PUT', token: TEST_BOOTSTRAP_TOKEN, json: { target: CHANNEL, mode: 'per-article' } });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('waits min gap + jitter after a post, then stops at the daily cap until local midnight', async () => {
    const publisher = app.app.get(WhatsAppPublisher);
    for (const id of ['a1', 'a2', 'a3']) {
      content.addArticle({ id });
      await publisher.enqueueArticle(NL, id);
    }
    await eventually('a1 posted', async () => (await statusOf('a1')) === 'posted');
    await eventually('background drain idle', noDrainRunning);
    expect(await statusOf('a2')).toBe('queued');

    // Jitter = 0.5 × 120 s, drawn after the post: the next post is due at T0 + 180 s + 60 s.
    const pacer = await app.app.get(WhatsAppRepository).loadPacerState();
    expect(pacer).toEqual({ nextAllowedAt: new Date(T0.getTime() + GAP_MS + JITTER_MS / 2), day: '2030-03-10', postsToday: 1 });

    await drainAt(new Date(T0.getTime() + 239_999));
    expect(await statusOf('a2')).toBe('queued');
    expect(sends()).toBe(1);

    const second = new Date(T0.getTime() + 240_000);
    await drainAt(second);
    expect(await statusOf('a2')).toBe('posted');
    expect(sends()).toBe(2);

    // Gap long over, but two posts today is the cap: nothing until midnight in Berlin.
    await drainAt(new Date('2030-03-10T22:59:59Z'));
    expect(await statusOf('a3')).toBe('queued');
    await drainAt(new Date('2030-03-10T23:00:00Z'));
    expect(await statusOf('a3')).toBe('posted');
    expect(sends()).toBe(3);
    expect(await app.app.get(WhatsAppRepository).loadPacerState()).toMatchObject({ day: '2030-03-11', postsToday: 1 });
  });
});
