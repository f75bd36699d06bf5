import { randomUUID } from 'node:crypto';
import { SchedulerService } from '#src/schedules/scheduler.service.js';
import { InMemoryIssueGateway } from '../support/in-memory-issue-gateway.js';
import { ManualClock } from '../support/manual-clock.js';
import { settle } from '../support/schedules-harness.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

interface Json {
  [key: string]: unknown;
}

describe('schedules and editor workflow over HTTP', () => {
  let database: TestDatabase;
  let app: TestApp;
  let editor: string;
  const clock = new ManualClock('2026-03-20T12:00:00Z');
  const gateway = new InMemoryIssueGateway(clock);
  const newsletterId = gateway.addNewsletter(randomUUID(), { tags: ['huawei'] });

  const call = async (method: string, path: string, json?: unknown, token = editor): Promise<{ status: number; body: Json }> => {
    const response = await app.request(path, { method, token, json });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database), { clock, issueGateway: { useValue: gateway } });
    const created = await call('POST', '/api/tokens', { name: 'desk', role: 'editor' }, TEST_BOOTSTRAP_TOKEN);
    editor = String(created.body.token);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('creates, lists, replaces, pauses, resumes and deletes schedules', async () => {
    const base = `/api/newsletters/${newsletterId}/schedules`;
    const created = await call('POST', base, { kind: 'cron', expression: '0 7 * * 1-5' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'cron', expression: '0 7 * * 1-5', timeZone: 'Europe/Berlin', paused: false });
    const id = String(created.body.id);
    expect((await call('GET', base)).body).toEqual([expect.objectContaining({ id })]);
    const replaced = await call('PUT', `${base}/${id}`, { kind: 'on-publish', quietPeriodMinutes: 15 });
    expect(replaced.body).toMatchObject({ id, kind: 'on-publish', quietPeriodMinutes: 15, maxWaitMinutes: 45, expression: null });
    expect((await call('POST', `${base}/${id}/pause`)).body).toMatchObject({ paused: true });
    expect((await call('POST', `${base}/${id}/resume`)).body).toMatchObject({ paused: false });
    expect((await call('DELETE', `${base}/${id}`)).status).toBe(204);
    expect((await call('GET', `${base}/${id}`)).status).toBe(404);
  });

  it('rejects bad schedules with a message naming the field', async () => {
    const base = `/api/newsletters/${newsletterId}/schedules`;
    const cases: [unknown, string][] = [
      [{ kind: 'cron', expression: '0 7 * * 8' }, '"0 7 * * 8": day-of-week out of range'],
      [{ kind: 'cron', expression: '0 7 * *' }, '"0 7 * *": expected 5 fields (minute hour day-of-month month day-of-week), got 4'],
      [{ kind: 'cron', expression: '0 7 * * *', timeZone: 'Europe/Bonn' }, 'timeZone: unknown time zone "Europe/Bonn" (expected an IANA name such as Europe/Berlin)'],
      [{ kind: 'on-publish', quietPeriodMinutes: -1 }, 'quietPeriodMinutes: -1 must be a whole number from 0 to 1440'],
      [{ kind: 'on-publish', quietPeriodMinutes: 15, maxWaitMinutes: 10 }, 'maxWaitMinutes: 10 must be a whole number from the quiet period (15) to 4320'],
      [{ kind: 'at', at: '2026-03-01T07:00:00+01:00' }, 'at: 2026-03-01T06:00:00.000Z is in the past'],
      [{ kind: 'weekly' }, 'kind must be one of cron, on-publish, at'],
      [{ kind: 'cron' }, 'expression must be a string'],
    ];
    for (const [body, message] of cases) {
      const response = await call('POST', base, body);
      expect({ body, status: response.status, message: response.body.message }).toEqual({ body, status: 400, message: expect.arrayContaining([message]) });
    }
    const tooShort = await call('POST', base, { kind: 'on-publish', quietPeriodMinutes: 15, maxWaitMinutes: 10 });
    expect(tooShort.body).toMatchObject({ field: 'maxWaitMinutes' });
    expect((await call('POST', '/api/newsletters/nope/schedules', { kind: 'cron', expression: '0 7 * * *' })).status).toBe(400);
    expect((await call('POST', `/api/newsletters/${randomUUID()}/schedules`, { kind: 'cron', expression: '0 7 * * *' })).status).toBe(404);
  });

  it('lists the next run times in the schedule zone and in UTC across the spring change', async () => {
    const created = await call('POST', `/api/newsletters/${newsletterId}/schedules`, { kind: 'cron', expression: '0 7 * * *' });
    const next = await call('GET', `/api/newsletters/${newsletterId}/schedules/${String(created.body.id)}/next?count=3`);
    expect(next.body).toEqual({
      scheduleId: created.body.id,
      timeZone: 'Europe/Berlin',
      runs: [
        { local: '2026-03-21T07:00:00+01:00', utc: '2026-03-21T06:00:00.000Z' },
        { local: '2026-03-22T07:00:00+01:00', utc: '2026-03-22T06:00:00.000Z' },
        { local: '2026-03-23T07:00:00+01:00', utc: '2026-03-23T06:00:00.000Z' },
      ],
    });
    expect((await call('GET', `/api/newsletters/${newsletterId}/schedules/${String(created.body.id)}/next?count=1000`)).status).toBe(400);
    await call('DELETE', `/api/newsletters/${newsletterId}/schedules/${String(created.body.id)}`);
  });

  it('previews the next digest without creating an issue', async () => {
    gateway.addArticle(['huawei'], new Date('2026-03-20T09:00:00Z'), 'Mate 80 im Test');
    const preview = await call('GET', `/api/newsletters/${newsletterId}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ subject: `${newsletterId}: Mate 80 im Test`, articleCount: 1, whatsappText: '*Mate 80 im Test*' });
    expect(gateway.issues.size).toBe(0);
  });

  it('test-sends to at most 10 valid addresses, marked as a test, without an issue', async () => {
    const path = `/api/newsletters/${newsletterId}/test-send`;
    const tooMany = Array.from({ length: 11 }, (_, i) => `r${i}@example.de`);
    expect((await call('POST', path, { to: tooMany })).body.message).toEqual(['to must contain at most 10 addresses']);
    expect((await call('POST', path, { to: ['redaktion@example.de', 'kein-mail'] })).body.message).toEqual(['to must contain only valid email addresses']);
    expect((await call('POST', path, { to: [] })).status).toBe(400);
    const sent = await call('POST', path, { to: ['Redaktion@Example.de', 'chef@example.de', 'redaktion@example.de'] });
    expect(sent.status).toBe(202);
    expect(gateway.calls.at(-1)).toEqual({ method: 'testSend', newsletterId, to: ['redaktion@example.de', 'chef@example.de'], subjectPrefix: '[TEST] ' });
    expect(gateway.issues.size).toBe(0);
  });

  it('sends now, and shows history with skipped slots and their reasons', async () => {
    const sent = await call('POST', `/api/newsletters/${newsletterId}/send-now`);
    expect(sent.status).toBe(202);
    expect(gateway.calls.at(-1)).toEqual({ method: 'startSending', issueId: sent.body.issueId });
    expect((await call('POST', `/api/newsletters/${newsletterId}/send-now`)).body.message).toBe('nothing to send: 0 new article(s), minimum 1');

    const schedule = await call('POST', `/api/newsletters/${newsletterId}/schedules`, { kind: 'cron', expression: '0 7 * * *' });
    clock.set('2026-03-21T06:00:05Z');
    await app.app.get(SchedulerService).tick();
    await settle(app, newsletterId);
    const history = await call('GET', `/api/newsletters/${newsletterId}/issues`);
    expect(history.body).toEqual([
      expect.objectContaining({ kind: 'slot', slotKey: '2026-03-21T06:00:00.000Z', status: 'skipped', reason: '0 new article(s), minimum 1' }),
      expect.objectContaining({ kind: 'issue', issueId: sent.body.issueId, status: 'sending', articleCount: sent.body.articleCount, stats: { recipients: 0, sent: 0 } }),
    ]);
    await call('DELETE', `/api/newsletters/${newsletterId}/schedules/${String(schedule.body.id)}`);
  });

  it('audits every editor action; admins read the log with filters and cursor pages', async () => {
    expect((await call('GET', '/api/audit')).status).toBe(403);
    const all = await call('GET', '/api/audit?limit=200', undefined, TEST_BOOTSTRAP_TOKEN);
    const actions = (all.body.items as Json[]).map((e) => e.action);
    for (const action of ['schedule.create', 'schedule.update', 'schedule.pause', 'schedule.resume', 'schedule.delete', 'newsletter.test-send', 'newsletter.send-now']) {
      expect(actions).toContain(action);
    }
    expect((all.body.items as Json[])[0]).toMatchObject({ actorName: 'desk', actorRole: 'editor' });

    const first = await call('GET', '/api/audit?actor=desk&action=schedule.create&limit=2', undefined, TEST_BOOTSTRAP_TOKEN);
    const second = await call('GET', `/api/audit?actor=desk&action=schedule.create&limit=2&cursor=${String(first.body.nextCursor)}`, undefined, TEST_BOOTSTRAP_TOKEN);
    const ids = [...(first.body.items as Json[]), ...(second.body.items as Json[])].map((e) => e.id);
    expect(ids).toHaveLength(new Set(ids).size);
    expect([...(first.body.items as Json[]), ...(second.body.items as Json[])].every((e) => e.action === 'schedule.create')).toBe(true);
    expect(ids.length).toBe(actions.filter((a) => a === 'schedule.create').length);
    const none = await call('GET', `/api/audit?from=${encodeURIComponent('2027-01-01T00:00:00Z')}`, undefined, TEST_BOOTSTRAP_TOKEN);
    expect(none.body).toEqual({ items: [], nextCursor: null });
    expect((await call('GET', '/api/audit?cursor=abc', undefined, TEST_BOOTSTRAP_TOKEN)).status).toBe(400);
  });

  it('refuses schedules and editor routes without a token, and unknown newsletters', async () => {
    expect((await app.request(`/api/newsletters/${newsletterId}/schedules`)).status).toBe(401);
    expect((await call('GET', `/api/newsletters/${randomUUID()}/preview`)).status).toBe(404);
  });
});
