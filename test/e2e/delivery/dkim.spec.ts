import { generateKeyPairSync } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { buildConfig, parseEnv } from '#src/config/load-config.js';
import { fixtureCatalogArticles } from '../../factories/catalog-article.factory.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../../support/in-memory-ports.js';
import { headerLine, startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_SECRET_KEY, testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { ADMIN, buildIssue, createNewsletter, json, waitForStatus } from './delivery-harness.js';

const DOMAIN = 'news.example.de';
const SELECTOR = 'pb2026';
const KEY_RECORD = `${SELECTOR}._domainkey.${DOMAIN}`;

/**
 * An issue goes the whole delivery path (issue → send → delivery worker → nodemailer SMTP pool →
 * a real SMTP server) with DKIM configured as an operator would, and the bytes that arrive are
 * verified the way a receiving mail server does: an independent DKIM implementation (mailauth)
 * with the public key served for the TXT lookup of `<selector>._domainkey.<domain>`.
 */
describe('DKIM-signed newsletter mail, verified at the receiving end', () => {
  const directory = new InMemorySubscriberDirectory();
  const catalog = new InMemoryArticleCatalog();
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  const dnsLookups: string[] = [];
  let database: TestDatabase;
  let sink: SmtpSink;
  let app: TestApp;

  /** The DNS answer a receiver would get: TXT strings of at most 255 characters each (RFC 6376 §3.6.2.2). */
  async function resolver(name: string, rrtype: string): Promise<string[][]> {
    dnsLookups.push(`${rrtype} ${name}`);
    if (rrtype !== 'TXT' || name !== KEY_RECORD) throw Object.assign(new Error(`no ${rrtype} record for ${name}`), { code: 'ENOTFOUND' });
    const record = `v=DKIM1; k=rsa; p=${keys.publicKey.toString('base64')}`;
    return Promise.resolve([record.match(/.{1,255}/g) ?? []]);
  }

  const verify = (raw: Buffer | string) => dkimVerify(raw, { resolver });

  beforeAll(async () => {
    sink = await startSmtpSink();
    database = await createTestDatabase();
    // The key as it sits in an env file: one line with literal \n escapes.
    const fromEnv = buildConfig(
      parseEnv({ SECRET_KEY: TEST_SECRET_KEY, DKIM_DOMAIN: DOMAIN, DKIM_SELECTOR: SELECTOR, DKIM_PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n') }),
    );
    const config = testConfig(database, {
      http: { publicUrl: 'https://postbote.test' },
      mail: { smtpUrl: sink.url, unsubscribeMailto: `unsubscribe@${DOMAIN}`, dkim: fromEnv.mail.dkim },
    });
    app = await startTestApp(config, { ports: testPorts(directory, catalog) });

    catalog.add(...fixtureCatalogArticles());
    directory.add('s01', 'anna@ex.net', ['huawei'], 'Anna');
    directory.add('s02', 'bob@ex.net', ['huawei']);
    const newsletterId = await createNewsletter(app, 'huawei');
    const issueId = await buildIssue(app, newsletterId);
    await json(await app.request(`/api/issues/${issueId}/send`, { method: 'POST', token: ADMIN }), 202);
    const done = await waitForStatus(app, issueId, 'sent');
    expect(done.stats).toMatchObject({ recipients: 2, sent: 2, failed: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await database?.drop();
  });

  const rawTo = (address: string): Buffer => {
    const message = sink.received.find((m) => m.to.includes(address));
    if (!message) throw new Error(`no message to ${address} arrived`);
    return message.raw;
  };

  it.each(['anna@ex.net', 'bob@ex.net'])('the message to %s carries a DKIM signature that verifies', async (address) => {
    const lookupsBefore = dnsLookups.length;
    const { results } = await verify(rawTo(address));

    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ signingDomain: DOMAIN, selector: SELECTOR });
    expect(results[0].status).toMatchObject({ result: 'pass', aligned: DOMAIN });
    // The verdict came from the published key, not from some shortcut.
    expect(dnsLookups.slice(lookupsBefore)).toEqual([`TXT ${KEY_RECORD}`]);
  });

  it('signs the list, feedback and identity headers (h=)', async () => {
    const parsed = await simpleParser(rawTo('anna@ex.net'));
    const signature = headerLine(parsed.headerLines, 'DKIM-Signature') ?? '';
    expect(signature).toMatch(/\ba=rsa-sha256;/);
    const signed = (/\bh=([^;]+)/.exec(signature)?.[1] ?? '').replace(/\s+/g, '').toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'feedback-id', 'from', 'subject', 'message-id']));
    // Each of them is really in the message, so the signature protects an actual value.
    for (const name of ['List-Unsubscribe', 'List-Unsubscribe-Post', 'Feedback-ID', 'From', 'Subject', 'Message-ID']) {
      expect(headerLine(parsed.headerLines, name)).toBeDefined();
    }
  });

  it('fails verification when a signed header was changed in transit', async () => {
    const raw = rawTo('anna@ex.net').toString('latin1');
    const headerEnd = raw.indexOf('\r\n\r\n');
    const header = raw.slice(0, headerEnd);
    // Redirect the one-click unsubscribe to someone else's server, leaving the body untouched.
    const tamperedHeader = header.replace('https://postbote.test/unsubscribe?', 'https://attacker.example/unsubscribe?');
    expect(tamperedHeader).not.toBe(header);

    const { results } = await verify(tamperedHeader + raw.slice(headerEnd));
    expect(results).toHaveLength(1);
    expect(results[0].status.result).toBe('fail');
  });

  it('does not pass when the body was changed in transit', async () => {
    const raw = rawTo('anna@ex.net').toString('latin1');
    const headerEnd = raw.indexOf('\r\n\r\n');
    const body = raw.slice(headerEnd);
    const tamperedBody = body.replace('Beispiel Verlag GmbH', 'Anderer Verlag GmbH');
    expect(tamperedBody).not.toBe(body);

    const { results } = await verify(raw.slice(0, headerEnd) + tamperedBody);
    expect(results[0].status.result).not.toBe('pass');
    expect(results[0].status.comment).toBe('body hash did not verify');
  });
});
