import { randomUUID } from 'node:crypto';
import type { Db } from '#src/db/database.js';
import { DB } from '#src/db/db.module.js';
import { DeliveriesRepository } from '#src/delivery/deliveries.repository.js';
import { issues } from '#src/newsletters/newsletters.schema.js';
import { SubscribersAdminService } from '#src/subscribers/admin/subscribers-admin.service.js';
import { SelfServiceService } from '#src/subscribers/self-service.service.js';
import { SubscriberTokenService } from '#src/subscribers/subscriber-token.js';
import { SubscribersRepository, type SubscriberRow } from '#src/subscribers/subscribers.repository.js';
import { createNewsletterViaApi } from '../../factories/newsletter.factory.js';
import { subscriberRow } from '../../factories/subscriber.factory.js';
import { useTestApp } from '../../support/use-test-app.js';

/**
 * The sibling of unsubscribe-stops-queued.spec.ts for a reader who stays subscribed: unticking a
 * newsletter (preferences page, admin PATCH) stops the queued deliveries of that newsletter's
 * issues, claimed or not, and leaves those of the newsletters kept; a pause stops them all.
 */
describe('unticking a newsletter or pausing stops the queued deliveries it concerns (database)', () => {
  // No delivery workers: the issues here exist and are `sending`, so a worker would mail the rows
  // this test plays the lane for.
  const ctx = useTestApp({ role: 'api' });
  const get = <T>(type: abstract new (...args: never[]) => T): T => ctx.app.app.get(type, { strict: false });
  const meta = { ip: null, userAgent: null, locale: 'de' as const };

  const add = (email: string): Promise<SubscriberRow> => get(SubscribersRepository).insert(subscriberRow(email, { newsletters: ['morgen', 'abend'] }));

  const issueOf = async (newsletterId: string): Promise<string> => {
    const id = randomUUID();
    await ctx.app.app
      .get<Db>(DB)
      .insert(issues)
      .values({ id, newsletterId, subject: 'Ausgabe', html: '<p>x</p>', text: 'x', locale: 'de', status: 'sending', articleCount: 0 });
    return id;
  };

  it('skips the rows of the left newsletter (claimed or not), keeps the others; a pause skips all', async () => {
    const morgen = await issueOf(await createNewsletterViaApi(ctx.app, 'morgen'));
    const abendNewsletter = await createNewsletterViaApi(ctx.app, 'abend');
    const abend = await issueOf(abendNewsletter);
    const abendLater = await issueOf(abendNewsletter);
    const label = new Map([
      [morgen, 'morgen'],
      [abend, 'abend'],
      [abendLater, 'abend-later'],
    ]);
    const deliveries = get(DeliveriesRepository);
    const anna = await add('anna@untick.example');
    const bernd = await add('bernd@untick.example');
    const carla = await add('carla@untick.example');
    const dora = await add('dora@untick.example');
    const readers = [anna, bernd, carla, dora];
    const recipient = (s: SubscriberRow) => ({ subscriberId: s.id, email: s.email, name: null, locale: 'de' as const });
    // Claimed by a lane (issues being sent right now), and queued but not claimed yet.
    await deliveries.enqueue(morgen, readers.map(recipient));
    await deliveries.enqueue(abend, readers.map(recipient));
    const claimed = await deliveries.claimBatch('worker/0', 100, 60);
    expect(claimed).toHaveLength(8);
    await deliveries.enqueue(abendLater, readers.map(recipient));

    const preferences = (s: SubscriberRow) => get(SubscriberTokenService).issue({ subscriberId: s.id, purpose: 'preferences' });
    const self = get(SelfServiceService);
    expect((await self.updatePreferences(preferences(anna), { name: null, newsletters: ['morgen'], paused: false }, meta)).kind).toBe('saved');
    expect((await self.updatePreferences(preferences(bernd), { name: null, newsletters: ['morgen', 'abend'], paused: true }, meta)).kind).toBe('saved');
    await get(SubscribersAdminService).update(carla.id, { newsletters: ['morgen'] });
    // Saving without leaving anything (a new name) stops nothing.
    expect((await self.updatePreferences(preferences(dora), { name: 'Dora', newsletters: ['morgen', 'abend'], paused: false }, meta)).kind).toBe('saved');

    // Only the lane's claims of newsletters the reader still receives pass its check before sending.
    const stillClaimed = await deliveries.markSentAndConfirm([], claimed.map((c) => ({ id: c.id, owner: 'worker/0' })), 60);
    const who = new Map(claimed.map((c) => [c.id, `${readers.find((r) => r.id === c.subscriberId)?.email.split('@')[0]}:${label.get(c.issueId)}`]));
    expect([...stillClaimed].map((id) => who.get(id)).sort()).toEqual(['anna:morgen', 'carla:morgen', 'dora:abend', 'dora:morgen']);

    const states = async (s: SubscriberRow) =>
      (await deliveries.historyOf(s.id, 10)).map((r) => `${label.get(r.issueId)}:${r.state}/${r.reason ?? ''}`).sort();
    expect(await states(anna)).toEqual(['abend-later:skipped/unsubscribed', 'abend:skipped/unsubscribed', 'morgen:queued/']);
    expect(await states(bernd)).toEqual(['abend-later:skipped/unsubscribed', 'abend:skipped/unsubscribed', 'morgen:skipped/unsubscribed']);
    expect(await states(carla)).toEqual(['abend-later:skipped/unsubscribed', 'abend:skipped/unsubscribed', 'morgen:queued/']);
    expect(await states(dora)).toEqual(['abend-later:queued/', 'abend:queued/', 'morgen:queued/']);
  });
});
