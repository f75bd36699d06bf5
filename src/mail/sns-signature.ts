import { verify, type KeyObject } from 'node:crypto';

/**
 * Amazon SNS signs every HTTP(S) delivery with the certificate at SigningCertURL
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html). Checking it
 * proves the notification came through SNS, not merely from someone who knows the webhook secret.
 */

/** The hosts SNS serves signing certificates and subscription URLs from. */
export const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com$/;

export type SnsSignatureVersion = '1' | '2';

/** `unsigned` → 401 (no signature at all); `rejected` → 403 (a signature we do not accept). */
export class SnsSignatureError extends Error {
  constructor(
    readonly field: string,
    reason: string,
    readonly kind: 'unsigned' | 'rejected',
  ) {
    super(`${field}: ${reason}`);
    this.name = 'SnsSignatureError';
  }
}

export interface SignedSnsMessage {
  readonly version: SnsSignatureVersion;
  readonly signature: Buffer;
  readonly certificateUrl: URL;
  /** The canonical text SNS signed (AWS: "key\nvalue\n" per field, in a fixed order). */
  readonly stringToSign: string;
}

// The fields each message type signs, in the order AWS prescribes (byte order of the names).
const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_FIELDS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Only an https URL on sns.<region>.amazonaws.com, default port, no credentials, a .pem file. */
export function snsCertificateUrl(value: string): URL {
  const fail = (): never => {
    throw new SnsSignatureError('SigningCertURL', 'must be an https URL of a .pem file on sns.<region>.amazonaws.com', 'rejected');
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail();
  }
  if (url.protocol !== 'https:' || !SNS_HOST.test(url.hostname) || url.port !== '' || url.username || url.password) fail();
  if (!url.pathname.endsWith('.pem')) fail();
  return url;
}

export function snsStringToSign(message: Readonly<Record<string, unknown>>): string {
  const type = message.Type;
  const fields = type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  let text = '';
  for (const field of fields) {
    const value = message[field];
    // Subject is optional in a notification and signed only when present.
    if (field === 'Subject' && (value === undefined || value === null)) continue;
    if (typeof value !== 'string') throw new SnsSignatureError(field, 'is missing, so the SNS signature cannot be checked', 'rejected');
    text += `${field}\n${value}\n`;
  }
  return text;
}

/** Reads and checks the signature fields of an SNS message (without fetching anything). */
export function readSnsSignature(body: unknown): SignedSnsMessage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SnsSignatureError('(body)', 'is not an SNS message', 'unsigned');
  const message = body as Record<string, unknown>;
  const { Signature, SignatureVersion, SigningCertURL, Type } = message;
  if (Signature === undefined || SignatureVersion === undefined || SigningCertURL === undefined) {
    const missing = Signature === undefined ? 'Signature' : SignatureVersion === undefined ? 'SignatureVersion' : 'SigningCertURL';
    throw new SnsSignatureError(missing, 'is missing: only messages signed by Amazon SNS are accepted', 'unsigned');
  }
  if (SignatureVersion !== '1' && SignatureVersion !== '2') throw new SnsSignatureError('SignatureVersion', 'must be 1 (SHA1withRSA) or 2 (SHA256withRSA)', 'rejected');
  if (typeof Signature !== 'string' || !BASE64.test(Signature)) throw new SnsSignatureError('Signature', 'must be base64', 'rejected');
  if (typeof SigningCertURL !== 'string') throw new SnsSignatureError('SigningCertURL', 'must be a string', 'rejected');
  if (Type !== 'Notification' && Type !== 'SubscriptionConfirmation' && Type !== 'UnsubscribeConfirmation') {
    throw new SnsSignatureError('Type', 'must be Notification, SubscriptionConfirmation or UnsubscribeConfirmation', 'rejected');
  }
  return {
    version: SignatureVersion,
    signature: Buffer.from(Signature, 'base64'),
    certificateUrl: snsCertificateUrl(SigningCertURL),
    stringToSign: snsStringToSign(message),
  };
}

/** RSA PKCS#1 v1.5 over the canonical text: SHA-1 for version 1, SHA-256 for version 2. */
export function snsSignatureMatches(signed: SignedSnsMessage, publicKey: KeyObject): boolean {
  const algorithm = signed.version === '1' ? 'sha1' : 'sha256';
  try {
    return verify(algorithm, Buffer.from(signed.stringToSign, 'utf8'), publicKey, signed.signature);
  } catch {
    return false; // e.g. a key type that cannot verify RSA signatures
  }
}
