import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { SubscriberTokenService } from '#src/subscribers/subscriber-token.js';
import { SubscribersRepository, type NewSubscriber } from '#src/subscribers/subscribers.repository.js';
import type { SubscriberStatus } from '#src/subscribers/subscribers.schema.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { subscriberRow } from '../../factories/subscriber.factory.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('SubscriberDirectory (database)', () => {
  let database: TestDatabase;
  let app: TestApp;
  let directory: SubscriberDirectory;
  let repository: SubscribersRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The whole app: proves SubscribersModule binds and exports the port where delivery looks.
    app = await startTestApp(testConfig(database));
    directory = app.app.get(SubscriberDirectory);
    repository = app.app.get(SubscribersRepository, { strict: false });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const add = async (email: string, status: SubscriberStatus, newsletters: string[], extra: Partial<NewSubscriber> = {}) =>
    repository.insert(subscriberRow(email, { status, newsletters, ...extra }));

  it('lists only confirmed, unpaused, subscribed and unsuppressed recipients, in keyset pages', async () => {
    const wanted: string[] = [];
    for (let i = 0; i < 23; i++) wanted.push((await add(`reader${i}@list.example`, 'active', ['morgen', 'abend'])).id);
    await add('pending@list.example', 'pending', ['morgen']);
    await add('gone@list.example', 'unsubscribed', ['morgen']);
    await add('other@list.example', 'active', ['abend']);
    const paused = await add('paused@list.example', 'active', ['morgen']);
    await repository.update(paused.id, { paused: true });
    await add('Suppressed@List.Example', 'active', ['morgen']);
    await directory.suppressAddress('suppressed@list.example', 'complaint');

    const seen: string[] = [];
    let after: string | null = null;
    const pageSizes: number[] = [];
    for (;;) {
      const page = await directory.listRecipients('morgen', after, 10);
      if (page.length === 0) break;
      pageSizes.push(page.length);
      seen.push(...page.map((r) => r.subscriberId));
      after = page.at(-1)?.subscriberId ?? null;
    }
    expect(pageSizes).toEqual([10, 10, 3]);
    expect(seen).toEqual([...wanted].sort());
    const [first] = await directory.listRecipients('morgen', null, 1);
    expect(first).toEqual({ subscriberId: expect.any(String), email: expect.stringMatching(/@list\.example$/), name: null, locale: 'de' });
  });

  it('filters a queued batch at send time and ends the subscription of a suppressed address', async () => {
    const a = await add('Anna@Filter.Example', 'active', ['morgen']);
    const b = await add('bernd@filter.example', 'active', ['morgen']);
    const c = await add('carla@filter.example', 'active', ['abend']);
    expect(await directory.filterDeliverable('morgen', [a.id, b.id, c.id, 'not-a-uuid'])).toEqual(new Set([a.id, b.id]));

    // Different case in the local part: the suppression list errs on the side of not mailing.
    await directory.suppressAddress(' anna@FILTER.example ', 'hard-bounce');
    expect(await directory.filterDeliverable('morgen', [a.id, b.id])).toEqual(new Set([b.id]));
    expect((await repository.findById(a.id))?.status).toBe('bounced');
    const history = await repository.consentHistory(a.id);
    expect(history.map((e) => [e.kind, e.note])).toEqual([['status', 'suppressed: hard-bounce']]);
  });

  it('suppresses an address it does not know, so a later subscription of it is not mailed', async () => {
    await directory.suppressAddress('stranger@unknown.example', 'unsubscribed');
    const later = await add('stranger@unknown.example', 'active', ['morgen']);
    expect(await directory.filterDeliverable('morgen', [later.id])).toEqual(new Set());
    await expect(directory.suppressAddress('not an address', 'manual')).resolves.toBeUndefined();
  });

  it('signs links bound to the subscriber and purpose, under PUBLIC_URL', () => {
    const links = directory.linksFor('0b6c7f0e-5a43-4c55-9a7f-3f1f2a0b9c11');
    const tokens = app.app.get(SubscriberTokenService, { strict: false });
    const unsubscribe = new URL(links.unsubscribeUrl);
    expect(unsubscribe.origin + unsubscribe.pathname).toBe('http://postbote.test/unsubscribe');
    expect(tokens.verify(unsubscribe.searchParams.get('token') ?? '', 'unsubscribe').subscriberId).toBe('0b6c7f0e-5a43-4c55-9a7f-3f1f2a0b9c11');
    const preferences = new URL(links.preferencesUrl);
    expect(preferences.pathname).toBe('/preferences');
    expect(() => tokens.verify(preferences.searchParams.get('token') ?? '', 'unsubscribe')).toThrow('wrong-purpose');
  });
});
