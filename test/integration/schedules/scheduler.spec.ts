import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppConfig } from '#src/config/app-config.js';
import type { Db } from '#src/db/database.js';
import { DB } from '#src/db/db.module.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { IssueGateway } from '#src/schedules/issue-gateway.js';
import { PublishWindowsService } from '#src/schedules/publish-windows.service.js';
import { toLocalIso } from '#src/schedules/next-runs.js';
import { SchedulerService } from '#src/schedules/scheduler.service.js';
import { SchedulesRepository } from '#src/schedules/schedules.repository.js';
import { publishWindows, schedules } from '#src/schedules/schedules.schema.js';
import { SlotsRepository } from '#src/schedules/slots.repository.js';
import { Clock } from '#src/system/clock.js';
import { InMemoryIssueGateway } from '../../support/in-memory-issue-gateway.js';
import { ManualClock } from '../../support/manual-clock.js';
import { createSchedule, deleteSchedule, settle, slotsOf } from '../../support/schedules-harness.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const BERLIN = 'Europe/Berlin';

describe('scheduler (manual clock, in-memory issue gateway)', () => {
  let database: TestDatabase;
  let app: TestApp;
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const gateway = new InMemoryIssueGateway(clock);
  let cleanup: (() => Promise<void>)[] = [];

  const tickAt = async (at: string, newsletterId: string) => {
    clock.set(at);
    await app.app.get(SchedulerService).tick();
    return settle(app, newsletterId);
  };
  // Each newsletter follows a tag of its own, so articles of one test never reach another's.
  const newsletter = (options: Parameters<InMemoryIssueGateway['addNewsletter']>[1] = {}) => {
    const id = randomUUID();
    return gateway.addNewsletter(id, { tags: [id], ...options });
  };
  const schedule = async (newsletterId: string, body: Record<string, unknown>) => {
    const id = await createSchedule(app, newsletterId, body);
    cleanup.push(() => deleteSchedule(app, newsletterId, id));
    return id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database), { clock, issueGateway: { useValue: gateway } });
  });
  afterEach(async () => {
    for (const step of cleanup) await step();
    cleanup = [];
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('fires a daily 07:00 Berlin digest at 07:00 local on both sides of the spring change', async () => {
    clock.set('2026-03-27T12:00:00Z');
    const id = newsletter();
    await schedule(id, { kind: 'cron', expression: '0 7 * * *' });
    gateway.addArticle([id], new Date('2026-03-27T15:00:00Z'));
    await tickAt('2026-03-28T05:59:50Z', id);
    expect(await slotsOf(app, id)).toHaveLength(0);
    await tickAt('2026-03-28T06:00:05Z', id);
    gateway.addArticle([id], new Date('2026-03-28T15:00:00Z'));
    const slots = await tickAt('2026-03-29T05:00:05Z', id);
    expect(slots.map((s) => [toLocalIso(s.slotAt, BERLIN), s.status])).toEqual([
      ['2026-03-28T07:00:00+01:00', 'fired'],
      ['2026-03-29T07:00:00+02:00', 'fired'],
    ]);
    expect(gateway.callsFor('startSending')).toHaveLength(2);
  });

  it('fires a slot inside the skipped spring hour once, at 03:00', async () => {
    clock.set('2026-03-28T12:00:00Z');
    const id = newsletter({ minArticles: 0 });
    await schedule(id, { kind: 'cron', expression: '30 2 * * *', timeZone: BERLIN });
    for (const at of ['2026-03-29T00:59:00Z', '2026-03-29T01:00:05Z', '2026-03-29T01:30:05Z', '2026-03-29T02:30:05Z', '2026-03-29T12:00:00Z']) {
      await tickAt(at, id);
    }
    const slots = await tickAt('2026-03-30T00:30:05Z', id);
    expect(slots.map((s) => toLocalIso(s.slotAt, BERLIN))).toEqual(['2026-03-29T03:00:00+02:00', '2026-03-30T02:30:00+02:00']);
  });

  it('fires a daily 07:00 at 07:00 local across the autumn change, and a slot in the repeated hour once', async () => {
    clock.set('2026-10-24T12:00:00Z');
    const daily = newsletter({ minArticles: 0 });
    const repeated = newsletter({ minArticles: 0 });
    await schedule(daily, { kind: 'cron', expression: '0 7 * * *', timeZone: BERLIN });
    await schedule(repeated, { kind: 'cron', expression: '30 2 * * *', timeZone: BERLIN });
    // 02:30 CEST, then 02:30 CET an hour later: the same wall-clock time twice.
    await tickAt('2026-10-25T00:30:05Z', repeated);
    await tickAt('2026-10-25T01:30:05Z', repeated);
    await tickAt('2026-10-25T06:00:05Z', daily);
    await tickAt('2026-10-26T01:30:05Z', repeated);
    await tickAt('2026-10-26T06:00:05Z', daily);
    expect((await slotsOf(app, repeated)).map((s) => toLocalIso(s.slotAt, BERLIN))).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-26T02:30:00+01:00']);
    expect((await slotsOf(app, daily)).map((s) => toLocalIso(s.slotAt, BERLIN))).toEqual(['2026-10-25T07:00:00+01:00', '2026-10-26T07:00:00+01:00']);
  });

  it('skips a slot with fewer articles than the minimum, sends nothing, and takes them at the next slot', async () => {
    clock.set('2026-05-01T12:00:00Z');
    const id = newsletter({ minArticles: 2 });
    await schedule(id, { kind: 'cron', expression: '0 7 * * *', timeZone: BERLIN });
    gateway.addArticle([id], new Date('2026-05-01T13:00:00Z'));
    gateway.addArticle(['unrelated'], new Date('2026-05-01T14:00:00Z'));
    const sendsBefore = gateway.callsFor('startSending').length;
    const [skipped] = await tickAt('2026-05-02T05:00:05Z', id);
    expect(skipped).toMatchObject({ status: 'skipped', reason: '1 new article(s), minimum 2', issueId: null });
    expect(gateway.callsFor('startSending')).toHaveLength(sendsBefore);
    gateway.addArticle([id], new Date('2026-05-02T08:00:00Z'));
    const slots = await tickAt('2026-05-03T05:00:05Z', id);
    expect(slots.map((s) => s.status)).toEqual(['skipped', 'fired']);
    expect(slots[1]?.articleCount).toBe(2);
    expect(gateway.callsFor('startSending')).toHaveLength(sendsBefore + 1);
    // The skipped slot produced no issue, so the lower bound stays before it.
    const builds = gateway.callsFor('buildIssue', id);
    expect(builds.map((c) => (c.method === 'buildIssue' ? c.request.since : 'x'))).toEqual([null, null]);
  });

  it('records a slot of a paused newsletter as skipped, and a paused schedule not at all', async () => {
    clock.set('2026-05-10T12:00:00Z');
    const paused = newsletter({ enabled: false, minArticles: 0 });
    const pausedSchedule = newsletter({ minArticles: 0 });
    await schedule(paused, { kind: 'cron', expression: '0 7 * * *' });
    const scheduleId = await schedule(pausedSchedule, { kind: 'cron', expression: '0 7 * * *' });
    await app.app.get(SchedulesRepository).setPaused(pausedSchedule, scheduleId, true, clock.now());
    await tickAt('2026-05-11T05:00:05Z', paused);
    expect(await slotsOf(app, paused)).toEqual([expect.objectContaining({ status: 'skipped', reason: 'newsletter is paused' })]);
    expect(await slotsOf(app, pausedSchedule)).toEqual([]);
    // Resumed after the slot: the slot that passed while paused is not caught up.
    await app.app.get(SchedulesRepository).setPaused(pausedSchedule, scheduleId, false, clock.now());
    await tickAt('2026-05-11T05:10:00Z', pausedSchedule);
    expect(await slotsOf(app, pausedSchedule)).toEqual([]);
    expect((await tickAt('2026-05-12T05:00:05Z', pausedSchedule)).map((s) => s.status)).toEqual(['fired']);
  });

  it('catches up a slot missed within the grace window once, marked caught-up', async () => {
    clock.set('2026-06-01T12:00:00Z');
    const id = newsletter({ minArticles: 0 });
    await schedule(id, { kind: 'cron', expression: '0 7 * * *' });
    const slots = await tickAt('2026-06-02T05:40:00Z', id);
    expect(slots.map((s) => [s.slotKey, s.status])).toEqual([['2026-06-02T05:00:00.000Z', 'caught-up']]);
    await tickAt('2026-06-02T05:45:00Z', id);
    expect(await slotsOf(app, id)).toHaveLength(1);
  });

  it('records slots missed beyond the grace window as skipped and sends none of them', async () => {
    clock.set('2026-06-10T12:00:00Z');
    const id = newsletter({ minArticles: 0 });
    await schedule(id, { kind: 'cron', expression: '0 7,12 * * *' });
    const builds = gateway.callsFor('buildIssue', id).length;
    // Down from before 07:00 until 12:30: 07:00 is 5.5 h late, 12:00 within the grace window.
    const slots = await tickAt('2026-06-11T10:30:00Z', id);
    expect(slots.map((s) => [s.slotKey, s.status])).toEqual([
      ['2026-06-11T05:00:00.000Z', 'skipped'],
      ['2026-06-11T10:00:00.000Z', 'caught-up'],
    ]);
    expect(slots[0]?.reason).toBe('missed during downtime (330 minutes late, beyond the 60-minute grace window)');
    expect(gateway.callsFor('buildIssue', id)).toHaveLength(builds + 1);
  });

  it('holds slot issues as drafts in approval mode; approval sends, the deadline expires them unsent', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const approved = newsletter({ approvalMode: 'approval', approvalDeadlineMinutes: 120, minArticles: 0 });
    const expiring = newsletter({ approvalMode: 'approval', approvalDeadlineMinutes: 60, minArticles: 0 });
    await schedule(approved, { kind: 'cron', expression: '0 7 * * *' });
    await schedule(expiring, { kind: 'cron', expression: '0 7 * * *' });
    clock.set('2026-07-02T05:00:05Z');
    await app.app.get(SchedulerService).tick();
    const [draft] = await settle(app, approved);
    const [toExpire] = await settle(app, expiring);
    expect(draft).toMatchObject({ status: 'awaiting-approval', expiresAt: new Date('2026-07-02T07:00:05Z') });
    expect(gateway.callsFor('buildIssue', approved).at(-1)).toMatchObject({ request: { status: 'draft' } });
    const sendingIssues = () => gateway.callsFor('startSending').map((c) => (c.method === 'startSending' ? c.issueId : ''));
    expect(sendingIssues()).not.toContain(draft?.issueId);

    clock.set('2026-07-02T06:00:06Z');
    await app.app.get(SchedulerService).tick();
    expect(gateway.calls).toContainEqual({ method: 'expireDraft', issueId: toExpire?.issueId });
    expect((await slotsOf(app, expiring))[0]).toMatchObject({ status: 'expired', reason: 'approval deadline passed' });

    const ok = await app.request(`/api/issues/${draft?.issueId}/approve`, { method: 'POST', token: TEST_BOOTSTRAP_TOKEN });
    expect(ok.status).toBe(202);
    expect(sendingIssues()).toContain(draft?.issueId);
    const again = await app.request(`/api/issues/${draft?.issueId}/approve`, { method: 'POST', token: TEST_BOOTSTRAP_TOKEN });
    expect(again.status).toBe(409);
    const late = await app.request(`/api/issues/${toExpire?.issueId}/approve`, { method: 'POST', token: TEST_BOOTSTRAP_TOKEN });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { message: string }).message).toContain('approval deadline has passed');
    expect(sendingIssues()).not.toContain(toExpire?.issueId);
  });

  it('batches articles published within the quiet period into one issue', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const id = newsletter({ tags: ['huawei'] });
    const other = newsletter({ tags: ['apple'] });
    await schedule(id, { kind: 'on-publish', quietPeriodMinutes: 10 });
    await schedule(other, { kind: 'on-publish', quietPeriodMinutes: 10 });
    const windows = app.app.get(SchedulesRepository);
    const jobs = app.app.get(JobsService);
    const { eventually } = await import('../../support/schedules-harness.js');

    await jobs.send('articles.published', { articleId: gateway.addArticle(['huawei'], clock.now()) });
    await eventually(async () => (await windows.listDueWindows(new Date('2026-08-01T10:10:00Z'))).find((w) => w.newsletterId === id), 'window');
    clock.set('2026-08-01T10:06:00Z');
    await jobs.send('articles.published', { articleId: gateway.addArticle(['huawei'], clock.now()) });
    await eventually(async () => (await windows.listDueWindows(new Date('2026-08-01T10:16:00Z'))).find((w) => w.newsletterId === id && w.closesAt.toISOString() === '2026-08-01T10:16:00.000Z'), 'extended window');

    expect(await tickAt('2026-08-01T10:15:00Z', id)).toEqual([]);
    const slots = await tickAt('2026-08-01T10:16:10Z', id);
    expect(slots).toEqual([expect.objectContaining({ slotKey: 'publish:2026-08-01T10:00:00.000Z', status: 'fired', articleCount: 2 })]);
    expect(await tickAt('2026-08-01T10:30:00Z', id)).toHaveLength(1);
    expect(await slotsOf(app, other)).toEqual([]);
  });

  it('sends a quiet window at its maximum wait after the first article, however many keep arriving', async () => {
    clock.set('2026-08-05T10:00:00Z');
    const id = newsletter();
    await schedule(id, { kind: 'on-publish', quietPeriodMinutes: 10, maxWaitMinutes: 25 });
    const windows = app.app.get(SchedulesRepository);
    const jobs = app.app.get(JobsService);
    const { eventually } = await import('../../support/schedules-harness.js');
    const openWindow = async () => (await windows.listDueWindows(new Date('2100-01-01T00:00:00Z'))).find((w) => w.newsletterId === id);
    // An article every 5 minutes: each would push a 10-minute quiet period out again.
    for (const at of ['10:00', '10:05', '10:10', '10:15', '10:20']) {
      clock.set(`2026-08-05T${at}:00Z`);
      await jobs.send('articles.published', { articleId: gateway.addArticle([id], clock.now()) });
      const expected = Math.min(Date.parse(`2026-08-05T${at}:00Z`) + 10 * 60_000, Date.parse('2026-08-05T10:25:00Z'));
      await eventually(async () => ((await openWindow())?.closesAt.getTime() === expected ? true : undefined), `window after the ${at} article`);
      expect(await tickAt(clock.now().toISOString(), id)).toEqual([]);
    }
    const fired = await tickAt('2026-08-05T10:25:05Z', id);
    expect(fired).toEqual([expect.objectContaining({ slotKey: 'publish:2026-08-05T10:00:00.000Z', status: 'fired', articleCount: 5 })]);
    expect(fired[0]?.slotAt.toISOString()).toBe('2026-08-05T10:25:00.000Z');

    // The stream goes on: the next article opens a new window with a limit of its own.
    clock.set('2026-08-05T10:26:00Z');
    await jobs.send('articles.published', { articleId: gateway.addArticle([id], clock.now()) });
    const next = await eventually(openWindow, 'the next window');
    expect([next.openedAt.toISOString(), next.closesAt.toISOString()]).toEqual(['2026-08-05T10:26:00.000Z', '2026-08-05T10:36:00.000Z']);
    expect((await tickAt('2026-08-05T10:36:05Z', id)).map((s) => [s.slotKey, s.articleCount])).toEqual([
      ['publish:2026-08-05T10:00:00.000Z', 5],
      ['publish:2026-08-05T10:26:00.000Z', 1],
    ]);
  });

  it('keeps handling schedules and windows stored before the maximum wait existed', async () => {
    clock.set('2026-08-07T10:00:00Z');
    const id = newsletter();
    const scheduleId = await schedule(id, { kind: 'on-publish', quietPeriodMinutes: 10 });
    const db = app.app.get<Db>(DB);
    // As the migration leaves them: no maximum on the schedule, no limit on the open window.
    await db.update(schedules).set({ maxWaitMinutes: null }).where(eq(schedules.id, scheduleId));
    await db.insert(publishWindows).values({ scheduleId, newsletterId: id, openedAt: clock.now(), closesAt: new Date('2026-08-07T10:10:00Z') });
    const view = await app.request(`/api/newsletters/${id}/schedules/${scheduleId}`, { token: TEST_BOOTSTRAP_TOKEN });
    expect(await view.json()).toMatchObject({ quietPeriodMinutes: 10, maxWaitMinutes: 30 });

    clock.set('2026-08-07T10:05:00Z');
    await app.app.get(PublishWindowsService).onArticlePublished(gateway.addArticle([id], clock.now()));
    const [window] = await db.select().from(publishWindows).where(eq(publishWindows.scheduleId, scheduleId));
    expect(window?.closesAt.toISOString()).toBe('2026-08-07T10:15:00.000Z');
  });

  it('sends an on-publish issue without a quiet period as soon as the article arrives', async () => {
    clock.set('2026-08-10T09:00:00Z');
    const id = newsletter();
    await schedule(id, { kind: 'on-publish' });
    const { eventually } = await import('../../support/schedules-harness.js');
    await app.app.get(JobsService).send('articles.published', { articleId: gateway.addArticle([id], clock.now()) });
    const fired = await eventually(async () => (await slotsOf(app, id)).find((s) => s.status === 'fired'), 'fired slot');
    expect(fired).toMatchObject({ slotKey: 'publish:2026-08-10T09:00:00.000Z', articleCount: 1 });
  });

  it('records a slot whose build fails as failed, once, without retrying it into a duplicate', async () => {
    clock.set('2026-08-20T12:00:00Z');
    const id = newsletter({ minArticles: 0 });
    gateway.failBuilds(id, 'renderer exploded');
    await schedule(id, { kind: 'cron', expression: '0 7 * * *' });
    expect(await tickAt('2026-08-21T05:00:05Z', id)).toEqual([expect.objectContaining({ status: 'failed', reason: 'renderer exploded' })]);
    await tickAt('2026-08-21T06:00:05Z', id);
    expect(gateway.callsFor('buildIssue', id)).toHaveLength(1);
  });

  it('lets two schedulers on one database handle claim a slot once', async () => {
    clock.set('2026-09-01T12:00:00Z');
    const id = newsletter({ minArticles: 0 });
    await schedule(id, { kind: 'cron', expression: '0 7 * * *' });
    const second = new SchedulerService(
      app.app.get(SchedulesRepository),
      app.app.get(SlotsRepository),
      app.app.get(JobsService),
      app.app.get(IssueGateway),
      app.app.get(Clock),
      app.app.get(AppConfig),
    );
    clock.set('2026-09-02T05:00:05Z');
    const results = await Promise.all([app.app.get(SchedulerService).tick(), second.tick()]);
    const slots = await settle(app, id);
    expect(slots).toEqual([expect.objectContaining({ status: 'fired' })]);
    expect(results.map((r) => r.claimed).reduce((a, b) => a + b, 0)).toBe(1);
    expect(gateway.callsFor('buildIssue', id)).toHaveLength(1);
  });
});
