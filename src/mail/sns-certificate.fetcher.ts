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

export class HttpsSnsCertificateFetcher extends SnsCertificateFetcher {
  constructor(private readonly timeoutMs = 10_000) {
    super();
  }

  async fetchPem(url: URL): Promise<string> {
    let response: Response;
    try {
      // No redirects: the host check above must hold for the server that actually answers.
      response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new SnsCertificateUnavailableError(fetchFailure(error));
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SnsCertificateUnavailableError(`HTTP ${response.status}`);
    }
    return readCapped(response);
  }
}

/** fetch() says only "fetch failed"; its cause says why (refused, timeout, unexpected redirect). */
function fetchFailure(error: unknown): string {
  const messageOf = (value: unknown) => (typeof value === 'object' && value !== null && 'message' in value ? String(value.message) : undefined);
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  return messageOf(cause) ?? messageOf(error) ?? String(error);
}

async function readCapped(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_PEM_BYTES) {
      await reader.cancel();
      throw new SnsCertificateUnavailableError(`larger than ${MAX_PEM_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
