import { sql } from 'drizzle-orm';
import { DB } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createMorningAndEvening, createNewsletterViaApi } from '../factories/newsletter.factory.js';

const token = TEST_BOOTSTRAP_TOKEN;
const ROWS = 10_000;
const BLOCKS = ROWS / 1000;
const ACCEPTED = ROWS - 2 * BLOCKS - 2;

/** 10,000 rows; every 1000th block has one bad address and one duplicate of the row before. */
function buildCsv(): string {
  const lines = ['E-Mail;Name;Newsletter'];
  for (let i = 0; i < ROWS; i++) {
    if (i % 1000 === 500) lines.push(`broken${i}-at-example;Kaputt;morgen`);
    else if (i % 1000 === 700) lines.push(`user${i - 1}@import.example;Doppelt;morgen`);
    else if (i === 42) lines.push(`user42@import.example;"=HYPERLINK(""http://evil.example"")";morgen|abend`);
    else lines.push(`user${i}@import.example;Name ${i};morgen`);
  }
  return `${lines.join('\n')}\n`;
}

describe('admin subscriber API', () => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database));
    await createMorningAndEvening(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const importCsv = async (csv: string, fields: Record<string, string>) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'subscribers.csv');
    return app.request('/api/subscribers/import', { method: 'POST', body: form, token });
  };
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

  it('needs the admin token', async () => {
    expect((await app.request('/api/subscribers')).status).toBe(401);
  });

  it('imports 10,000 rows over HTTP with an exact report, dry run first, idempotent', async () => {
    expect((await app.request('/api/subscribers/suppressions', { method: 'POST', token, json: { email: 'USER100@import.example' } })).status).toBe(201);
    await app.request('/subscribe', { method: 'POST', json: { email: 'user200@import.example', newsletters: ['morgen'], consent: true } });
    const csv = buildCsv();
    const expectedIssues = [
      ...Array.from({ length: BLOCKS }, (_, k) => ({ row: k * 1000 + 502, reason: 'invalid address', detail: 'email: missing @' })),
      ...Array.from({ length: BLOCKS }, (_, k) => ({ row: k * 1000 + 702, reason: 'duplicate in file' })),
      { row: 102, reason: 'suppressed' },
      { row: 202, reason: 'already subscribed' },
    ].sort((a, b) => a.row - b.row);

    const dry = await importCsv(csv, { mode: 'consent-documented', note: 'Printabo-Formular 2024', dryRun: 'true' });
    expect(dry.status).toBe(200);
    const dryReport = await json<Record<string, unknown>>(dry);
    expect(dryReport).toMatchObject({ dryRun: true, rows: ROWS, accepted: ACCEPTED, rejected: 2 * BLOCKS + 2, issues: expectedIssues });
    expect(await json<{ total: number }>(await app.request('/api/subscribers?status=active', { token }))).toMatchObject({ total: 0 });

    const real = await json<Record<string, unknown>>(await importCsv(csv, { mode: 'consent-documented', note: 'Printabo-Formular 2024' }));
    expect(real).toMatchObject({ dryRun: false, rows: ROWS, accepted: ACCEPTED, rejected: 2 * BLOCKS + 2, issues: expectedIssues });
    expect(real.rejectedByReason).toMatchObject({ 'invalid address': BLOCKS, 'duplicate in file': BLOCKS, suppressed: 1, 'already subscribed': 1 });

    const again = await json<{ accepted: number; rejectedByReason: Record<string, number> }>(await importCsv(csv, { mode: 'consent-documented', note: 'Printabo-Formular 2024' }));
    expect(again.accepted).toBe(0);
    expect(again.rejectedByReason['already subscribed']).toBe(ACCEPTED + 1);
    expect(await json<{ total: number }>(await app.request('/api/subscribers?status=active', { token }))).toMatchObject({ total: ACCEPTED });
  }, 300_000);

  it('rejects a bad import request naming the field', async () => {
    const noNote = await importCsv('email\na@b.example\n', { mode: 'consent-documented' });
    expect(noNote.status).toBe(400);
    expect(((await noNote.json()) as { message: string }).message).toMatch(/^import note: required/);
    const badMode = await importCsv('email\na@b.example\n', { mode: 'whatever' });
    expect(((await badMode.json()) as { message: string }).message).toMatch(/^mode: must be/);
    // A broken CSV (a stray quote early in a large file) ends with a 400 naming the line, not a hung request.
    const broken = buildCsv().replace('user42@import.example;"=HYPERLINK(""http://evil.example"")"', 'user42@import.example;=HYPERLINK("x")');
    const brokenResponse = await importCsv(broken, { mode: 'consent-documented', note: 'n', dryRun: 'true' });
    expect(brokenResponse.status).toBe(400);
    expect(((await brokenResponse.json()) as { message: string }).message).toMatch(/^csv: Invalid Opening Quote.*line 44/);
  });

  it('searches with filters, pages by cursor, and shows consent history', async () => {
    const first = await json<{ items: { id: string; email: string }[]; nextCursor: string; total: number; countsByStatus: Record<string, number> }>(
      await app.request('/api/subscribers?newsletter=abend&limit=5', { token }),
    );
    expect(first.total).toBe(1);
    expect(first.items.map((i) => i.email)).toEqual(['user42@import.example']);
    expect(first.countsByStatus).toEqual({ active: ACCEPTED, pending: 1 });

    const page1 = await json<{ items: { id: string }[]; nextCursor: string }>(await app.request('/api/subscribers?q=99%40&limit=60', { token }));
    const page2 = await json<{ items: { id: string }[]; nextCursor: string | null }>(await app.request(`/api/subscribers?q=99%40&limit=60&cursor=${page1.nextCursor}`, { token }));
    const all = [...page1.items, ...page2.items].map((i) => i.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(ROWS / 100); // user99@, user199@, … user9999@
    expect(page2.nextCursor).toBeNull();
    expect((await app.request('/api/subscribers?status=happy', { token })).status).toBe(400);

    const detail = await json<{ consentHistory: { kind: string; source: string; note: string }[]; deliveryHistory: unknown[] }>(
      await app.request(`/api/subscribers/${first.items[0]?.id}`, { token }),
    );
    expect(detail.consentHistory).toEqual([expect.objectContaining({ kind: 'import', source: 'import', note: 'consent-documented by bootstrap: Printabo-Formular 2024' })]);
    expect(detail.deliveryHistory).toEqual([]); // never sent anything yet
  });

  it('exports CSV safe against formula injection', async () => {
    const response = await app.request('/api/subscribers/export.csv?newsletter=abend', { token });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await response.text();
    expect(text.split('\r\n')[1]).toMatch(/^user42@import\.example,"'=HYPERLINK\(""http:\/\/evil\.example""\)",active,abend\|morgen,/);
  });

  it('exports with the documented delimiter and byte order mark options', async () => {
    const semicolon = Buffer.from(await (await app.request('/api/subscribers/export.csv?newsletter=abend&delimiter=;', { token })).arrayBuffer());
    expect(semicolon.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(semicolon.toString('utf8', 3).split('\r\n')[0]).toBe('email;name;status;newsletters;created_at;confirmed_at');
    const noBom = Buffer.from(await (await app.request('/api/subscribers/export.csv?newsletter=abend&delimiter=%2C&bom=false', { token })).arrayBuffer());
    expect(noBom.toString('utf8').startsWith('email,name,')).toBe(true);
    const bad = await app.request('/api/subscribers/export.csv?delimiter=%7C', { token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('delimiter must be \\",\\" or \\";\\"');
  });

  it('changes status only towards ending states or a new opt-in, and suppresses', async () => {
    const [item] = (await json<{ items: { id: string }[] }>(await app.request('/api/subscribers?q=user1@&limit=1', { token }))).items;
    const toActive = await app.request(`/api/subscribers/${item?.id}/status`, { method: 'POST', token, json: { status: 'active' } });
    expect(toActive.status).toBe(400);
    expect(JSON.stringify(await toActive.json())).toContain('status must be one of');
    const bounced = await json<{ status: string }>(await app.request(`/api/subscribers/${item?.id}/status`, { method: 'POST', token, json: { status: 'bounced' } }));
    expect(bounced.status).toBe('bounced');
    const suppressions = await json<{ items: { reason: string }[] }>(await app.request('/api/subscribers/suppressions', { token }));
    expect(suppressions.items.map((s) => s.reason).sort()).toEqual(['hard-bounce', 'manual']);
    const renamed = await json<{ name: string; newsletters: string[] }>(await app.request(`/api/subscribers/${item?.id}`, { method: 'PATCH', token, json: { name: 'Neu', newsletters: ['abend'] } }));
    expect(renamed).toMatchObject({ name: 'Neu', newsletters: ['abend'] });
  });

  it('changes newsletters only to offered ones (or ones held), naming the unknown slugs', async () => {
    const [item] = (await json<{ items: { id: string }[] }>(await app.request('/api/subscribers?q=user3@&limit=1', { token }))).items;
    const patch = (newsletters: string[]) => app.request(`/api/subscribers/${item?.id}`, { method: 'PATCH', token, json: { newsletters } });
    const unknown = await patch(['morgen', 'gibt-es-nicht', 'auch-nicht']);
    expect(unknown.status).toBe(400);
    expect(await json<{ message: string[] }>(unknown)).toMatchObject({ message: ['newsletters: unknown gibt-es-nicht, auch-nicht'] });
    expect(await json<{ subscriber: { newsletters: string[] } }>(await app.request(`/api/subscribers/${item?.id}`, { token }))).toMatchObject({ subscriber: { newsletters: ['morgen'] } });

    // A newsletter disabled after the subscriber chose it is no longer offered, but may be kept.
    const retiredId = await createNewsletterViaApi(app, 'eingestellt');
    expect((await patch(['morgen', 'eingestellt'])).status).toBe(200);
    expect((await app.request(`/api/newsletters/${retiredId}`, { method: 'PATCH', token, json: { enabled: false } })).status).toBe(200);
    expect(await json<{ newsletters: string[] }>(await patch(['eingestellt', 'abend']))).toMatchObject({ newsletters: ['abend', 'eingestellt'] });
    const other = (await json<{ items: { id: string }[] }>(await app.request('/api/subscribers?q=user4@&limit=1', { token }))).items[0];
    const notHeld = await app.request(`/api/subscribers/${other?.id}`, { method: 'PATCH', token, json: { newsletters: ['eingestellt'] } });
    expect(await json<{ message: string[] }>(notHeld)).toMatchObject({ message: ['newsletters: unknown eingestellt'] });
  });

  it('holds a changed name to the rule of /subscribe and the CSV import, naming the field', async () => {
    const [item] = (await json<{ items: { id: string }[] }>(await app.request('/api/subscribers?q=user5@&limit=1', { token }))).items;
    const rename = (name: string) => app.request(`/api/subscribers/${item?.id}`, { method: 'PATCH', token, json: { name } });
    for (const [name, message] of [
      ['Eva\u0007', 'name: contains control characters'],
      ['Eva\u0085Neu', 'name: contains control characters'],
      ['Eva\nNeu', 'name: contains control characters'],
      ['e'.repeat(201), 'name: longer than 200 characters'],
    ]) {
      const refused = await rename(name);
      expect(refused.status).toBe(400);
      expect(await json<{ message: string[] }>(refused)).toMatchObject({ message: [message] });
    }
    expect(await json<{ subscriber: { name: string } }>(await app.request(`/api/subscribers/${item?.id}`, { token }))).toMatchObject({ subscriber: { name: 'Name 5' } });
    // Trimmed before the check, as it is before storing (and as the public pages do).
    expect(await json<{ name: string }>(await rename(`  ${'e'.repeat(200)}\n`))).toMatchObject({ name: 'e'.repeat(200) });
  });

  it('exports everything held about a person and erases it without a trace of PII', async () => {
    const [item] = (await json<{ items: { id: string }[] }>(await app.request('/api/subscribers?q=user7@&limit=1', { token }))).items;
    const id = item?.id ?? '';
    const exported = await json<{ subscriber: { email: string; name: string }; consentHistory: unknown[]; onSuppressionList: boolean }>(
      await app.request(`/api/subscribers/${id}/export`, { token }),
    );
    expect(exported).toMatchObject({ subscriber: { email: 'user7@import.example', name: 'Name 7' }, onSuppressionList: false });
    expect(exported.consentHistory).toHaveLength(1);

    expect((await app.request(`/api/subscribers/${id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await app.request(`/api/subscribers/${id}`, { token })).status).toBe(404);
    expect((await app.request(`/api/subscribers/${id}/export`, { token })).status).toBe(404);
    const db = app.app.get<symbol, Db>(DB);
    const dump = await db.execute(sql`SELECT (SELECT json_agg(s) FROM subscribers s)::text AS s, (SELECT json_agg(c) FROM consent_events c)::text AS c, (SELECT json_agg(x) FROM suppressions x)::text AS x, (SELECT json_agg(e) FROM subscriber_erasures e)::text AS e`);
    const everything = JSON.stringify(dump.rows);
    expect(everything).not.toContain('user7@import.example');
    expect(everything).not.toContain(id);
    expect(dump.rows[0]?.e).toContain('"count":1');
    // Re-importing the erased address: suppressed, never mailed again without a new opt-in.
    const report = await json<{ issues: unknown[] }>(await importCsv('email\nuser7@import.example\n', { mode: 'consent-documented', note: 'again' }));
    expect(report.issues).toEqual([{ row: 2, reason: 'suppressed' }]);
  });
});
