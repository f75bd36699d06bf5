import { generateKeyPairSync, sign } from 'node:crypto';
import { readSnsSignature, snsCertificateUrl, snsSignatureMatches, snsStringToSign, SnsSignatureError } from './sns-signature.js';

const CERT_URL = 'https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';
const notification = {
  Type: 'Notification',
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: 'arn:aws:sns:eu-central-1:123456789012:ses-bounces',
  Subject: 'Amazon SES Email Event Notification',
  Message: '{"notificationType":"Bounce"}',
  Timestamp: '2026-03-02T07:00:00.000Z',
  UnsubscribeURL: 'https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe',
};
const confirmation = {
  Type: 'SubscriptionConfirmation',
  MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
  Token: '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
  TopicArn: 'arn:aws:sns:eu-central-1:123456789012:ses-bounces',
  Message: 'You have chosen to subscribe to the topic.',
  SubscribeURL: 'https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f',
  Timestamp: '2026-03-02T07:00:00.000Z',
};

function signed(fields: Record<string, string>, version: '1' | '2', privateKey: Parameters<typeof sign>[2]) {
  const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(snsStringToSign(fields)), privateKey).toString('base64');
  return readSnsSignature({ ...fields, SignatureVersion: version, Signature: signature, SigningCertURL: CERT_URL });
}

function rejection(run: () => unknown): SnsSignatureError {
  try {
    run();
  } catch (error) {
    if (error instanceof SnsSignatureError) return error;
    throw error;
  }
  throw new Error('expected an SnsSignatureError');
}

describe('SNS message signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('builds the text AWS signs: name and value lines in the documented order', () => {
    expect(snsStringToSign(notification)).toBe(
      'Message\n{"notificationType":"Bounce"}\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n' +
        'Subject\nAmazon SES Email Event Notification\nTimestamp\n2026-03-02T07:00:00.000Z\n' +
        'TopicArn\narn:aws:sns:eu-central-1:123456789012:ses-bounces\nType\nNotification\n',
    );
    const { Subject: _subject, ...withoutSubject } = notification;
    expect(snsStringToSign(withoutSubject)).not.toContain('Subject');
    expect(snsStringToSign(confirmation)).toBe(
      `Message\n${confirmation.Message}\nMessageId\n${confirmation.MessageId}\nSubscribeURL\n${confirmation.SubscribeURL}\n` +
        `Timestamp\n${confirmation.Timestamp}\nToken\n${confirmation.Token}\nTopicArn\n${confirmation.TopicArn}\nType\nSubscriptionConfirmation\n`,
    );
  });

  it.each(['1', '2'] as const)('verifies SignatureVersion %s and nothing that was changed or signed by another key', (version) => {
    expect(snsSignatureMatches(signed(notification, version, privateKey), publicKey)).toBe(true);
    expect(snsSignatureMatches(signed(confirmation, version, privateKey), publicKey)).toBe(true);

    const genuine = signed(notification, version, privateKey);
    const tampered = readSnsSignature({ ...notification, Message: '{"notificationType":"Complaint"}', SignatureVersion: version, Signature: genuine.signature.toString('base64'), SigningCertURL: CERT_URL });
    expect(snsSignatureMatches(tampered, publicKey)).toBe(false);
    expect(snsSignatureMatches({ ...genuine, version: version === '1' ? '2' : '1' }, publicKey)).toBe(false);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(snsSignatureMatches(signed(notification, version, other.privateKey), publicKey)).toBe(false);
  });

  it('accepts only https .pem URLs on sns.<region>.amazonaws.com', () => {
    expect(snsCertificateUrl(CERT_URL).hostname).toBe('sns.eu-central-1.amazonaws.com');
    for (const url of [
      'http://sns.eu-central-1.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.eu-central-1.amazonaws.com.attacker.example/SimpleNotificationService-1.pem',
      'https://attacker.example/sns.eu-central-1.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.eu-central-1.amazonaws.com@attacker.example/SimpleNotificationService-1.pem',
      'https://user:pw@sns.eu-central-1.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.eu-central-1.amazonaws.com:8443/SimpleNotificationService-1.pem',
      'https://s3.eu-central-1.amazonaws.com/bucket/SimpleNotificationService-1.pem',
      'https://sns.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription',
      'not a url',
    ]) {
      const error = rejection(() => snsCertificateUrl(url));
      expect(error.message).toBe('SigningCertURL: must be an https URL of a .pem file on sns.<region>.amazonaws.com');
      expect(error.kind).toBe('rejected');
    }
  });

  it('tells an unsigned message (401) from one with a signature it cannot accept (403), naming the field', () => {
    const base = { ...notification, SignatureVersion: '2', Signature: 'c2lnbmF0dXJl', SigningCertURL: CERT_URL };
    const { Signature: _signature, ...unsigned } = base;
    expect(rejection(() => readSnsSignature(unsigned))).toMatchObject({ field: 'Signature', kind: 'unsigned' });
    const { SigningCertURL: _url, ...noCertUrl } = base;
    expect(rejection(() => readSnsSignature(noCertUrl))).toMatchObject({ field: 'SigningCertURL', kind: 'unsigned' });
    expect(rejection(() => readSnsSignature([base]))).toMatchObject({ field: '(body)', kind: 'unsigned' });

    expect(rejection(() => readSnsSignature({ ...base, SignatureVersion: '3' }))).toMatchObject({ field: 'SignatureVersion', kind: 'rejected' });
    expect(rejection(() => readSnsSignature({ ...base, Signature: 'not base64!' }))).toMatchObject({ field: 'Signature', kind: 'rejected' });
    expect(rejection(() => readSnsSignature({ ...base, Type: 'Other' }))).toMatchObject({ field: 'Type', kind: 'rejected' });
    const { MessageId: _id, ...noId } = base;
    expect(rejection(() => readSnsSignature(noId)).message).toBe('MessageId: is missing, so the SNS signature cannot be checked');
  });
});
