import { generateKeyPairSync } from 'node:crypto';
import { SnsMessageVerifier } from '#src/delivery/bounces/sns-message-verifier.js';
import { SnsCertificateUnavailableError } from '#src/mail/sns-certificate.fetcher.js';
import { SnsSignatureError } from '#src/mail/sns-signature.js';
import { FixtureSnsCertificates, SNS_TEST_CERT_PEM, SNS_TEST_CERT_URL, sesNotification, signSnsMessage } from '../../support/sns-signer.js';

const bounce = { notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'gone@ex.net' }] } };

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the verification to fail');
  return error;
}

describe('SnsMessageVerifier with a certificate of our own in place of AWS’s', () => {
  it.each(['1', '2'] as const)('accepts SignatureVersion %s signed with the certificate’s key', async (version) => {
    const certificates = new FixtureSnsCertificates();
    const verifier = new SnsMessageVerifier(certificates);
    await expect(verifier.verify(signSnsMessage(sesNotification(bounce), { version }))).resolves.toBeUndefined();
    await expect(verifier.verify(signSnsMessage(sesNotification(bounce, { Subject: 'Amazon SES Email Event Notification' }), { version }))).resolves.toBeUndefined();
    expect(certificates.requested).toEqual([SNS_TEST_CERT_URL]);
  });

  it('refuses a changed message, another key, and a certificate URL off AWS (without fetching it) with 403', async () => {
    const certificates = new FixtureSnsCertificates();
    const verifier = new SnsMessageVerifier(certificates);
    const genuine = signSnsMessage(sesNotification(bounce));

    const changed = { ...genuine, Message: JSON.stringify({ ...bounce, bounce: { ...bounce.bounce, bouncedRecipients: [{ emailAddress: 'victim@ex.net' }] } }) };
    const notVerified = await refusal(verifier.verify(changed));
    expect(notVerified).toBeInstanceOf(SnsSignatureError);
    expect(notVerified).toMatchObject({ kind: 'rejected', message: 'Signature: does not verify against the SNS signing certificate (SignatureVersion 2)' });

    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(await refusal(verifier.verify(signSnsMessage(sesNotification(bounce), { key: otherKey })))).toMatchObject({ field: 'Signature', kind: 'rejected' });

    const offAws = signSnsMessage(sesNotification(bounce), { certUrl: 'https://attacker.example/SimpleNotificationService-1.pem' });
    expect(await refusal(verifier.verify(offAws))).toMatchObject({ field: 'SigningCertURL', kind: 'rejected' });
    expect(certificates.requested).toEqual([SNS_TEST_CERT_URL]);

    const { Signature: _s, ...unsigned } = genuine;
    expect(await refusal(verifier.verify(unsigned))).toMatchObject({ field: 'Signature', kind: 'unsigned' });
  });

  it('fetches each certificate once, also for concurrent messages, and tries again after a failure', async () => {
    let failNext = true;
    const certificates = new FixtureSnsCertificates(() => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new SnsCertificateUnavailableError('HTTP 503'));
      }
      return Promise.resolve(SNS_TEST_CERT_PEM);
    });
    const verifier = new SnsMessageVerifier(certificates);
    const message = signSnsMessage(sesNotification(bounce));

    const unavailable = await refusal(verifier.verify(message));
    expect(unavailable).toBeInstanceOf(SnsCertificateUnavailableError);
    expect(unavailable.message).toBe('SigningCertURL: the SNS signing certificate could not be fetched (HTTP 503)');

    await Promise.all([verifier.verify(message), verifier.verify(message), verifier.verify(signSnsMessage(sesNotification(bounce), { version: '1' }))]);
    const otherUrl = SNS_TEST_CERT_URL.replace('0123456789abcdef', 'fedcba9876543210');
    await verifier.verify(signSnsMessage(sesNotification(bounce), { certUrl: otherUrl }));
    expect(certificates.requested).toEqual([SNS_TEST_CERT_URL, SNS_TEST_CERT_URL, otherUrl]);
  });

  it('treats an answer that is not a certificate as unavailable', async () => {
    const verifier = new SnsMessageVerifier(new FixtureSnsCertificates(() => Promise.resolve('<html>maintenance</html>')));
    const error = await refusal(verifier.verify(signSnsMessage(sesNotification(bounce))));
    expect(error).toBeInstanceOf(SnsCertificateUnavailableError);
    expect(error.message).toContain('not a PEM certificate');
  });
});
