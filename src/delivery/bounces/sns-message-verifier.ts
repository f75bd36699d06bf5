import { Injectable } from '@nestjs/common';
import { X509Certificate, type KeyObject } from 'node:crypto';
import { SnsCertificateFetcher, SnsCertificateUnavailableError } from '#src/mail/sns-certificate.fetcher.js';
import { readSnsSignature, snsSignatureMatches, SnsSignatureError } from '#src/mail/sns-signature.js';

// AWS signs with a handful of certificates per region and publishes a new one under a new URL,
// so a URL's certificate never changes; the bound only stops a flood of distinct URLs.
const MAX_CACHED_CERTIFICATES = 50;

/**
 * Checks the signature of an SNS message against the certificate at its SigningCertURL, fetched
 * once per URL and cached (a failed fetch is not cached, so the next delivery tries again).
 * Throws SnsSignatureError (401/403) or SnsCertificateUnavailableError (503).
 */
@Injectable()
export class SnsMessageVerifier {
  private readonly keys = new Map<string, Promise<KeyObject>>();

  constructor(private readonly fetcher: SnsCertificateFetcher) {}

  async verify(body: unknown): Promise<void> {
    const signed = readSnsSignature(body);
    const publicKey = await this.publicKey(signed.certificateUrl);
    if (!snsSignatureMatches(signed, publicKey)) {
      throw new SnsSignatureError('Signature', `does not verify against the SNS signing certificate (SignatureVersion ${signed.version})`, 'rejected');
    }
  }

  private publicKey(url: URL): Promise<KeyObject> {
    const key = url.href;
    let pending = this.keys.get(key);
    if (!pending) {
      pending = this.load(url);
      if (this.keys.size >= MAX_CACHED_CERTIFICATES) this.keys.delete(this.keys.keys().next().value as string);
      this.keys.set(key, pending);
      const loading = pending;
      loading.catch(() => {
        if (this.keys.get(key) === loading) this.keys.delete(key);
      });
    }
    return pending;
  }

  private async load(url: URL): Promise<KeyObject> {
    const pem = await this.fetcher.fetchPem(url);
    try {
      return new X509Certificate(pem).publicKey;
    } catch {
      throw new SnsCertificateUnavailableError('the answer is not a PEM certificate');
    }
  }
}
