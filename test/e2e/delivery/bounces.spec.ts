import { readFileSync } from 'node:fs';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../../support/in-memory-ports.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const GENERIC = 'generic-secret-0123456789';
const POSTMARK = 'postmark-secret-0123456789';
const DSN = 'dsn-secret-0123456789abcdef';

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
});
