import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SnsCertificateFetcher } from '#src/mail/sns-certificate.fetcher.js';

/** A self-signed stand-in for AWS's SNS signing certificate, and its key (test/fixtures/sns). */
export const SNS_TEST_CERT_PEM = readFileSync(new URL('../fixtures/sns/signing-cert.pem', import.meta.url), 'utf8');
export const SNS_TEST_KEY = createPrivateKey(readFileSync(new URL('../fixtures/sns/signing-key.pem', import.meta.url), 'utf8'));
export const SNS_TEST_CERT_URL = 'https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';

type SnsFields = Record<string, string>;

/**
 * Signs an SNS message as AWS does, written here from the AWS documentation rather than taken
 * from the code under test: "name\nvalue\n" for each signed field present, in this order.
 */
export function signSnsMessage(fields: SnsFields, options: { version?: '1' | '2'; key?: KeyObject; certUrl?: string } = {}): SnsFields {
  const version = options.version ?? '2';
  const names =
    fields.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const text = names.filter((name) => name in fields).map((name) => `${name}\n${fields[name]}\n`).join('');
  const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(text, 'utf8'), options.key ?? SNS_TEST_KEY).toString('base64');
  return { ...fields, SignatureVersion: version, Signature: signature, SigningCertURL: options.certUrl ?? SNS_TEST_CERT_URL };
}

/** An SES notification as SNS delivers it to an HTTPS endpoint (unsigned; see signSnsMessage). */
export function sesNotification(message: object, extra: SnsFields = {}): SnsFields {
  return {
    Type: 'Notification',
    MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: 'arn:aws:sns:eu-central-1:123456789012:ses-bounces',
    Message: JSON.stringify(message),
    Timestamp: '2026-03-02T07:00:00.000Z',
    UnsubscribeURL: 'https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-central-1:123456789012:ses-bounces:1',
    ...extra,
  };
}

/** Serves the fixture certificate for any URL and records what was asked for. */
export class FixtureSnsCertificates extends SnsCertificateFetcher {
  readonly requested: string[] = [];

  constructor(private readonly answer: (url: URL) => Promise<string> = () => Promise.resolve(SNS_TEST_CERT_PEM)) {
    super();
  }

  fetchPem(url: URL): Promise<string> {
    this.requested.push(url.href);
    return this.answer(url);
  }
}
