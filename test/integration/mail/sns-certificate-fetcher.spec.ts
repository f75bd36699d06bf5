import { HttpsSnsCertificateFetcher, SnsCertificateUnavailableError } from '#src/mail/sns-certificate.fetcher.js';
import { LocalHttpServer } from '../sources/local-http-server.js';
import { SNS_TEST_CERT_PEM } from '../../support/sns-signer.js';

/**
 * The production fetcher against a real local HTTP server. (The https-on-AWS check happens before
 * the fetcher is called; see sns-signature.spec.ts.)
 */
describe('HttpsSnsCertificateFetcher', () => {
  const server = new LocalHttpServer();
  // The local server is on 127.0.0.1; the default (no private addresses) is checked below.
  const fetcher = new HttpsSnsCertificateFetcher(5_000, { allowPrivate: true });

  beforeAll(async () => {
    await server.start();
    server.serve('/cert.pem', SNS_TEST_CERT_PEM, { 'content-type': 'application/x-x509-ca-cert' });
    server.serve('/moved.pem', '', { location: '/cert.pem' }, 302);
    server.serve('/huge.pem', Buffer.alloc(200 * 1024, 'A'));
  });
  afterAll(() => server.stop());

  async function failure(path: string): Promise<string> {
    const error = await fetcher.fetchPem(new URL(server.url(path))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SnsCertificateUnavailableError);
    return (error as Error).message;
  }

  it('returns the PEM text', async () => {
    expect(await fetcher.fetchPem(new URL(server.url('/cert.pem')))).toBe(SNS_TEST_CERT_PEM);
  });

  it('refuses error answers, redirects and oversized bodies', async () => {
    expect(await failure('/missing.pem')).toBe('SigningCertURL: the SNS signing certificate could not be fetched (HTTP 404)');
    expect(await failure('/moved.pem')).toBe('SigningCertURL: the SNS signing certificate could not be fetched (unexpected redirect)');
    expect(await failure('/huge.pem')).toBe('SigningCertURL: the SNS signing certificate could not be fetched (larger than 65536 bytes)');
  });

  it('reports a refused connection as unavailable', async () => {
    const closed = new LocalHttpServer();
    await closed.start();
    const url = closed.url('/cert.pem');
    await closed.stop();
    const error = await fetcher.fetchPem(new URL(url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnsCertificateUnavailableError);
  });

  it('refuses private addresses by default, like every outbound fetch of an outside URL', async () => {
    const error = await new HttpsSnsCertificateFetcher(5_000).fetchPem(new URL(server.url('/cert.pem'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnsCertificateUnavailableError);
    expect((error as Error).message).toMatch(/loopback/);
  });
});
