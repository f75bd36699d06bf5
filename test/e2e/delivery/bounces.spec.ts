import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Db } from '#src/db/database.js';
import { DB } from '#src/db/db.module.js';
import { bounceEvents } from '#src/delivery/delivery.schema.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../../support/in-memory-ports.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const GENERIC = 'generic-secret-0123456789';
const POSTMARK = 'postmark-secret-0123456789';
const DSN = 'dsn-secret-0123456789abcdef';
const NUL = '\u0000';
const NUL_REASON = 'must not contain the NUL character (U+0000)';

describe('bounce webhooks', () => {
  const directory = new InMemorySubscriberDirectory();
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(
      testConfig(database, { bounces: { secrets: { generic: GENERIC, postmark: POSTMARK, dsn: DSN }, softLimit: 2, softWindowDays: 30 } }),
      { ports: testPorts(directory, new InMemoryArticleCatalog()) },
    );
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const generic = (body: unknown, secret = GENERIC): Promise<Response> =>
    app.request('/hooks/bounces/generic', { method: 'POST', json: body, headers: { 'x-webhook-secret': secret } });

  it('answers 401 without the shared secret, or with a wrong one, or for a source without a secret', async () => {
    expect((await app.request('/hooks/bounces/generic', { method: 'POST', json: { type: 'complaint', email: 'a@ex.net' } })).status).toBe(401);
    expect((await generic({ type: 'complaint', email: 'a@ex.net' }, 'wrong-secret-0123456789')).status).toBe(401);
    expect((await app.request('/hooks/bounces/ses', { method: 'POST', json: {}, headers: { 'x-webhook-secret': GENERIC } })).status).toBe(401);
    expect(directory.suppressed.size).toBe(0);
  });

  it('suppresses on a hard bounce and a complaint at once, on soft bounces after the limit', async () => {
    expect((await generic({ type: 'bounce', kind: 'hard', email: 'Hard@Ex.net', reason: '550 5.1.1' })).status).toBe(200);
    expect(directory.suppressed.get('hard@ex.net')).toBe('hard-bounce');
    await generic({ type: 'complaint', email: 'spam@ex.net' });
    expect(directory.suppressed.get('spam@ex.net')).toBe('complaint');
    await generic({ type: 'bounce', kind: 'soft', email: 'soft@ex.net' });
    expect(directory.suppressed.has('soft@ex.net')).toBe(false);
    const second = await generic({ type: 'bounce', kind: 'soft', email: 'soft@ex.net' });
    expect(await second.json()).toEqual({ received: 1, suppressed: 1 });
    expect(directory.suppressed.get('soft@ex.net')).toBe('hard-bounce');
  });

  it('names the bad field of a malformed notification', async () => {
    const response = await generic({ type: 'bounce', email: 'not-an-address' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('email');
  });

  it('accepts Postmark with the secret as HTTP Basic password', async () => {
    const auth = `Basic ${Buffer.from(`postmark:${POSTMARK}`).toString('base64')}`;
    const response = await app.request('/hooks/bounces/postmark', {
      method: 'POST',
      json: { RecordType: 'Bounce', Type: 'HardBounce', Email: 'pm@ex.net', Description: 'gone' },
      headers: { authorization: auth },
    });
    expect(response.status).toBe(200);
    expect(directory.suppressed.get('pm@ex.net')).toBe('hard-bounce');
  });

  it('parses a raw RFC 3464 bounce message', async () => {
    const response = await app.request('/hooks/bounces/dsn', {
      method: 'POST',
      body: readFileSync('test/fixtures/mail/dsn-hard-bounce.eml'),
      headers: { 'content-type': 'message/rfc822', 'x-webhook-secret': DSN },
    });
    expect(response.status).toBe(200);
    expect(directory.suppressed.get('nobody@example.net')).toBe('hard-bounce');
    const notDsn = await app.request('/hooks/bounces/dsn', { method: 'POST', body: 'Subject: hi\r\n\r\nhello', headers: { 'content-type': 'message/rfc822', 'x-webhook-secret': DSN } });
    expect(notDsn.status).toBe(400);
  });

  describe('NUL characters (U+0000), which PostgreSQL cannot store', () => {
    const reasonsOf = async (email: string): Promise<(string | null)[]> =>
      (await app.app.get<Db>(DB).select({ reason: bounceEvents.reason }).from(bounceEvents).where(eq(bounceEvents.email, email))).map((r) => r.reason);
    const postmark = (body: unknown): Promise<Response> =>
      app.request('/hooks/bounces/postmark', { method: 'POST', json: body, headers: { authorization: `Basic ${Buffer.from(`postmark:${POSTMARK}`).toString('base64')}` } });
    const dsn = (replace: [string, string]): Promise<Response> =>
      app.request('/hooks/bounces/dsn', {
        method: 'POST',
        body: readFileSync('test/fixtures/mail/dsn-hard-bounce.eml', 'utf8').replace(...replace),
        headers: { 'content-type': 'message/rfc822', 'x-webhook-secret': DSN },
      });
    const expectRefused = async (response: Response, field: string) => {
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe(`${field}: ${NUL_REASON}`);
    };

    it('keeps a hard bounce whose diagnostic text holds one, stored without it', async () => {
      const response = await generic({ type: 'bounce', kind: 'hard', email: 'nul-reason@ex.net', reason: `550 5.1.1${NUL} user unknown` });
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { received: 1, suppressed: 1 } });
      expect(directory.suppressed.get('nul-reason@ex.net')).toBe('hard-bounce');
      expect(await reasonsOf('nul-reason@ex.net')).toEqual(['550 5.1.1 user unknown']);

      expect((await postmark({ RecordType: 'Bounce', Type: 'HardBounce', Email: 'nul-pm@ex.net', Details: `gone${NUL}` })).status).toBe(200);
      expect(directory.suppressed.get('nul-pm@ex.net')).toBe('hard-bounce');
      expect(await reasonsOf('nul-pm@ex.net')).toEqual(['gone']);

      expect((await dsn(['Diagnostic-Code: smtp; 550 5.1.1', `Diagnostic-Code: smtp; 550${NUL} 5.1.1`])).status).toBe(200);
      expect(await reasonsOf('nobody@example.net')).toContainEqual(expect.stringMatching(/^5\.1\.1 550 5\.1\.1 <nobody@example\.net>: Recipient address/));
      expect((await reasonsOf('nobody@example.net')).some((r) => r?.includes(NUL))).toBe(false);
    });

    it('refuses one in an address or a classification with 400 naming the field, recording nothing', async () => {
      await expectRefused(await generic({ type: 'bounce', kind: 'hard', email: `nul${NUL}@ex.net` }), 'email');
      await expectRefused(await generic([{ type: 'complaint', email: 'first@ex.net' }, { type: 'complaint', email: `second@ex.net${NUL}` }]), '1.email');
      await expectRefused(await postmark({ RecordType: 'Bounce', Type: `HardBounce${NUL}`, Email: 'nul-type@ex.net' }), 'Type');
      const recipient = await dsn(['Final-Recipient: rfc822; nobody@example.net', `Final-Recipient: rfc822; nul-dsn${NUL}@example.net`]);
      expect(recipient.status).toBe(400);
      expect(((await recipient.json()) as { message: string }).message).toBe(`DSN: recipient group 1: Final-Recipient ${NUL_REASON}`);
      expect(await reasonsOf('first@ex.net')).toEqual([]);
      expect(directory.suppressed.has('first@ex.net') || directory.suppressed.has('nul-type@ex.net')).toBe(false);
    });
  });
});
