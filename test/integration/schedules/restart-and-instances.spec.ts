import { randomUUID } from 'node:crypto';
import { SchedulerService } from '#src/schedules/scheduler.service.js';
import { describeWithPostgres } from '../../support/describe-db.js';
import { InMemoryIssueGateway } from '../../support/in-memory-issue-gateway.js';
import { ManualClock } from '../../support/manual-clock.js';
import { createSchedule, settle, slotsOf } from '../../support/schedules-harness.js';
import { startTestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase } from '../../support/test-database.js';

describe('scheduler after downtime', () => {
  it('catches up a slot missed within the grace window when the service starts again, and skips older ones', async () => {
    const database = await createTestDatabase();
    const clock = new ManualClock('2026-04-01T12:00:00Z');
    const gateway = new InMemoryIssueGateway(clock);
    const id = gateway.addNewsletter(randomUUID(), { minArticles: 0 });
    const config = testConfig(database);
    const first = await startTestApp(config, { clock, issueGateway: { useValue: gateway } });
    try {
      await createSchedule(first, id, { kind: 'cron', expression: '0 7,11 * * *' });
    } finally {
      await first.close();
    }
    // Down from 2026-04-01 12:00 UTC until 09:45 UTC the next day: 07:00 Berlin (05:00 UTC) is
    // beyond the grace window, 11:00 Berlin (09:00 UTC) within it.
    clock.set('2026-04-02T09:45:00Z');
    const second = await startTestApp(config, { clock, issueGateway: { useValue: gateway } });
    try {
      const slots = await settle(second, id);
      expect(slots.map((s) => [s.slotKey, s.status])).toEqual([
        ['2026-04-02T05:00:00.000Z', 'skipped'],
        ['2026-04-02T09:00:00.000Z', 'caught-up'],
      ]);
      expect(gateway.callsFor('buildIssue', id)).toHaveLength(1);
      expect(gateway.callsFor('startSending')).toHaveLength(1);
    } finally {
      await second.close();
      await database.drop();
    }
  });
});

describeWithPostgres('two app instances on one PostgreSQL', () => {
  it('produce one issue per slot when both tick at the same moment', async () => {
    const database = await createTestDatabase();
    const clockA = new ManualClock('2026-04-10T12:00:00Z');
    const clockB = new ManualClock('2026-04-10T12:00:00Z');
    // One newsletters side shared by both instances, as the real one shares the database.
    const gateway = new InMemoryIssueGateway(clockA);
    const id = gateway.addNewsletter(randomUUID(), { minArticles: 0 });
    const a = await startTestApp(testConfig(database), { clock: clockA, issueGateway: { useValue: gateway } });
    const b = await startTestApp(testConfig(database), { clock: clockB, issueGateway: { useValue: gateway } });
    try {
      await createSchedule(a, id, { kind: 'cron', expression: '0 19 * * *' });
      for (const day of ['2026-04-10', '2026-04-11', '2026-04-12']) {
        clockA.set(`${day}T17:00:03Z`);
        clockB.set(`${day}T17:00:04Z`);
        await Promise.all([a.app.get(SchedulerService).tick(), b.app.get(SchedulerService).tick()]);
      }
      const slots = await settle(a, id);
      expect(slots.map((s) => [s.slotKey, s.status])).toEqual([
        ['2026-04-10T17:00:00.000Z', 'fired'],
        ['2026-04-11T17:00:00.000Z', 'fired'],
        ['2026-04-12T17:00:00.000Z', 'fired'],
      ]);
      expect(gateway.callsFor('buildIssue', id)).toHaveLength(3);
      expect(gateway.callsFor('startSending')).toHaveLength(3);
      expect(await slotsOf(b, id)).toHaveLength(3);
    } finally {
      await b.close();
      await a.close();
      await database.drop();
    }
  });
});
