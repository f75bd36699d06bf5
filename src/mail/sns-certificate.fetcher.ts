import { FeedFetcher } from '#src/sources/feed-fetcher.js';
import { FetchError } from '#src/sources/fetch-error.js';

/** The certificate could not be had (network, AWS answered an error, not a certificate): SNS should retry. */
export class SnsCertificateUnavailableError extends Error {
  constructor(reason: string) {
    super(`SigningCertURL: the SNS signing certificate could not be fetched (${reason})`);
    this.name = 'SnsCertificateUnavailableError';
  }
}

/**
 * Fetches the PEM text of an SNS signing certificate. The URL has already been checked to be
 * https on sns.<region>.amazonaws.com; tests bind their own fetcher (AppSeams.snsCertificates).
 */
export abstract class SnsCertificateFetcher {
  abstract fetchPem(url: URL): Promise<string>;
}

// AWS's certificates are about 2 KB; anything far larger is not one.
const MAX_PEM_BYTES = 64 * 1024;

/**
 * Through the guarded fetcher every outside URL uses (private addresses refused, one deadline,
 * a size cap). No redirects: the host check above must hold for the server that actually answers.
 */
export class HttpsSnsCertificateFetcher extends SnsCertificateFetcher {
  private readonly fetcher: FeedFetcher;

  constructor(timeoutMs = 10_000, options: { allowPrivate?: boolean } = {}) {
    super();
    this.fetcher = new FeedFetcher({ timeoutMs, maxBytes: MAX_PEM_BYTES, maxRedirects: 0, allowPrivate: options.allowPrivate ?? false });
  }

  async fetchPem(url: URL): Promise<string> {
    try {
      const result = await this.fetcher.fetch({ url: url.href, accept: 'application/x-x509-ca-cert, application/x-pem-file, */*;q=0.5' });
      if (result.notModified) throw new SnsCertificateUnavailableError('HTTP 304 without a conditional request');
      return result.body.toString('utf8');
    } catch (error) {
      if (error instanceof SnsCertificateUnavailableError) throw error;
      throw new SnsCertificateUnavailableError(failureReason(error));
    }
  }
}

function failureReason(error: unknown): string {
  if (!(error instanceof FetchError)) return error instanceof Error ? error.message : String(error);
  if (error.kind === 'redirect') return 'unexpected redirect';
  if (error.kind === 'too-large') return `larger than ${MAX_PEM_BYTES} bytes`;
  return error.reason;
}
