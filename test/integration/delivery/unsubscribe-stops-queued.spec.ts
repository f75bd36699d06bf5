import { randomUUID } from 'node:crypto';
import { DeliveriesRepository } from '#src/delivery/deliveries.repository.js';
import { SubscribersAdminService } from '#src/subscribers/admin/subscribers-admin.service.js';
import { SelfServiceService } from '#src/subscribers/self-service.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { SubscriberLinks } from '#src/subscribers/subscriber-links.js';
import { SubscribersRepository, type SubscriberRow } from '#src/subscribers/subscribers.repository.js';
import { subscriberRow } from '../../factories/subscriber.factory.js';
import { useTestApp } from '../../support/use-test-app.js';

/**
 * The ledger side of an unsubscribe: rows a worker already claimed must fail its check before
 * sending. The workers themselves are in test/e2e/delivery/multi-worker.spec.ts (PostgreSQL only);
 * this runs on both databases and covers every path that ends a subscription.
 */
describe('an unsubscribe or suppression stops the queued deliveries of the reader (database)', () => {
  // No delivery lanes of its own: the test claims rows as a lane would, and a lane of the app
  // racing for the same rows made it flaky on a loaded machine.
  const ctx = useTestApp({ role: 'api' });
  const get = <T>(type: abstract new (...args: never[]) => T): T => ctx.app.app.get(type, { strict: false });

  const add = (email: string): Promise<SubscriberRow> => get(SubscribersRepository).insert(subscriberRow(email, { newsletters: ['morgen'] }));

  it('skips claimed and unclaimed queued rows of one-click, suppression and admin status change; other rows stay', async () => {
    const deliveries = get(DeliveriesRepository);
    const anna = await add('anna@stop.example');
    const bernd = await add('bernd@stop.example');
    const carla = await add('carla@stop.example');
    const dora = await add('dora@stop.example');
    const recipient = (s: SubscriberRow) => ({ subscriberId: s.id, email: s.email, name: null, locale: 'de' as const });
    await deliveries.enqueue(randomUUID(), [recipient(dora)]);
    const [sent] = await deliveries.claimBatch('worker/1', 10, 60);
    await deliveries.markSentAndConfirm([{ id: sent?.id ?? 0, attempts: 1, response: '250 ok', messageId: '<x@stop.example>' }], [], 60);
    // Claimed by a lane (an issue being sent right now), and queued but not claimed yet.
    await deliveries.enqueue(randomUUID(), [recipient(anna), recipient(dora)]);
    const claimed = await deliveries.claimBatch('worker/0', 10, 60);
    expect(claimed).toHaveLength(2);
    await deliveries.enqueue(randomUUID(), [anna, bernd, carla].map(recipient));

    await get(SelfServiceService).unsubscribe(get(SubscriberLinks).unsubscribeToken(anna.id), { ip: null, userAgent: null, locale: 'de' });
    await get(SubscriberDirectory).suppressAddress('BERND@stop.example', 'manual');
    await get(SubscribersAdminService).changeStatus(dora.id, 'unsubscribed', undefined);

    // The lane's claims no longer pass its check before sending.
    expect(await deliveries.markSentAndConfirm([], claimed.map((c) => ({ id: c.id, owner: 'worker/0' })), 60)).toEqual(new Set());
    const states = async (s: SubscriberRow) => (await deliveries.historyOf(s.id, 10)).map((r) => `${r.state}/${r.reason ?? ''}`).sort();
    expect(await states(anna)).toEqual(['skipped/unsubscribed', 'skipped/unsubscribed']);
    expect(await states(bernd)).toEqual(['skipped/unsubscribed']);
    expect(await states(carla)).toEqual(['queued/']);
    expect(await states(dora)).toEqual(['sent/', 'skipped/unsubscribed']);
  });
});
