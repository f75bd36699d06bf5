import { eq } from 'drizzle-orm';
import type { Db } from '#src/db/database.js';
import { DB } from '#src/db/db.module.js';
import { bounceEvents } from '#src/delivery/delivery.schema.js';
import { SnsCertificateUnavailableError } from '#src/mail/sns-certificate.fetcher.js';
import { InMemoryArticleCatalog, InMemorySubscriberDirectory, testPorts } from '../../support/in-memory-ports.js';
import { FixtureSnsCertificates, SNS_TEST_CERT_PEM, SNS_TEST_CERT_URL, sesNotification, signSnsMessage } from '../../support/sns-signer.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const SES = 'ses-secret-0123456789abcdef';
const UNREACHABLE_CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-unreachable.pem';

/**
 * Amazon SES bounce notifications arrive through SNS, which signs each one with the certificate at
 * SigningCertURL. The app gets a certificate of our own in place of AWS's (AppSeams.snsCertificates);
 * the messages are signed with its key as SNS would.
 */
describe('Amazon SES bounces through SNS', () => {
  const directory = new InMemorySubscriberDirectory();
  // Stands in for AWS: serves the test certificate, except for one URL that is "down".
  const snsCertificates = new FixtureSnsCertificates((url) =>
    url.href === UNREACHABLE_CERT_URL ? Promise.reject(new SnsCertificateUnavailableError('HTTP 503')) : Promise.resolve(SNS_TEST_CERT_PEM),
  );
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database, { bounces: { secrets: { ses: SES }, softLimit: 2, softWindowDays: 30 } }), {
      ports: testPorts(directory, new InMemoryArticleCatalog()),
      snsCertificates,
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const hardBounce = (email: string) => ({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email }] } });
  // As SNS sends it: the secret in the URL (HTTP Basic), the JSON as text/plain.
  const ses = (body: unknown, secret = SES): Promise<Response> =>
    app.request('/hooks/bounces/ses', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'text/plain; charset=UTF-8', authorization: `Basic ${Buffer.from(`sns:${secret}`).toString('base64')}` },
    });

  const messageOf = async (response: Response): Promise<string> => ((await response.json()) as { message: string }).message;

  it.each(['1', '2'] as const)('accepts a notification with a valid SignatureVersion %s signature', async (version) => {
    const email = `ses-v${version}@ex.net`;
    const response = await ses(signSnsMessage(sesNotification(hardBounce(email)), { version }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, suppressed: 1 });
    expect(directory.suppressed.get(email)).toBe('hard-bounce');
    expect(snsCertificates.requested).toEqual([SNS_TEST_CERT_URL]); // fetched once, then cached
  });

  it('keeps a hard bounce whose diagnostic code holds a NUL character, stored without it; refuses one in the address', async () => {
    const bounce = (emailAddress: string, diagnosticCode: string) => ({
      notificationType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress, diagnosticCode }] },
    });
    const response = await ses(signSnsMessage(sesNotification(bounce('ses-nul@ex.net', 'smtp; 550 5.1.1\u0000 unknown'))));
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { received: 1, suppressed: 1 } });
    expect(directory.suppressed.get('ses-nul@ex.net')).toBe('hard-bounce');
    const stored = await app.app.get<Db>(DB).select({ reason: bounceEvents.reason }).from(bounceEvents).where(eq(bounceEvents.email, 'ses-nul@ex.net'));
    expect(stored).toEqual([{ reason: 'smtp; 550 5.1.1 unknown' }]);

    const address = await ses(signSnsMessage(sesNotification(bounce('ses-nul\u0000@ex.net', 'smtp; 550'))));
    expect(address.status).toBe(400);
    expect(await messageOf(address)).toBe('Message.bounce.bouncedRecipients.0.emailAddress: must not contain the NUL character (U+0000)');
  });

  it('refuses an unsigned notification with 401 even with the right secret', async () => {
    const response = await ses(sesNotification(hardBounce('unsigned@ex.net')));
    expect(response.status).toBe(401);
    expect(await messageOf(response)).toBe('bounce source "ses": Signature: is missing: only messages signed by Amazon SNS are accepted');
    expect(directory.suppressed.has('unsigned@ex.net')).toBe(false);
  });

  it('checks the shared secret first', async () => {
    const response = await ses(signSnsMessage(sesNotification(hardBounce('wrong-secret@ex.net'))), 'wrong-secret-0123456789');
    expect(response.status).toBe(401);
    expect(directory.suppressed.has('wrong-secret@ex.net')).toBe(false);
  });

  it('refuses a changed notification and a certificate off AWS with 403, suppressing nobody', async () => {
    const genuine = signSnsMessage(sesNotification(hardBounce('reader@ex.net')));
    const forged = { ...genuine, Message: JSON.stringify(hardBounce('victim@ex.net')) };
    const changed = await ses(forged);
    expect(changed.status).toBe(403);
    expect(await messageOf(changed)).toBe('bounce source "ses": Signature: does not verify against the SNS signing certificate (SignatureVersion 2)');

    const offAws = await ses(signSnsMessage(sesNotification(hardBounce('victim@ex.net')), { certUrl: 'https://attacker.example/cert.pem' }));
    expect(offAws.status).toBe(403);
    expect(await messageOf(offAws)).toContain('SigningCertURL: must be an https URL');

    const forgedConfirmation = signSnsMessage({
      Type: 'SubscriptionConfirmation',
      MessageId: 'c-1',
      Token: 'token-1',
      TopicArn: 'arn:aws:sns:eu-central-1:123456789012:ses-bounces',
      Message: 'You have chosen to subscribe to the topic.',
      SubscribeURL: 'https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&Token=token-1',
      Timestamp: '2026-03-02T07:00:00.000Z',
    });
    const followed = await ses({ ...forgedConfirmation, SubscribeURL: 'https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&Token=other' });
    expect(followed.status).toBe(403);

    expect(directory.suppressed.has('victim@ex.net')).toBe(false);
    expect(directory.suppressed.has('reader@ex.net')).toBe(false);
    expect(snsCertificates.requested).not.toContain('https://attacker.example/cert.pem');
  });

  it('answers 503 while the signing certificate cannot be fetched, so SNS retries', async () => {
    const response = await ses(signSnsMessage(sesNotification(hardBounce('later@ex.net')), { certUrl: UNREACHABLE_CERT_URL }));
    expect(response.status).toBe(503);
    expect(await messageOf(response)).toBe('SigningCertURL: the SNS signing certificate could not be fetched (HTTP 503)');
    expect(directory.suppressed.has('later@ex.net')).toBe(false);
  });
});
