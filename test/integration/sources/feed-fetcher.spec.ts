import { readFileSync } from 'node:fs';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { FeedFetcher, type FetchResult } from '#src/sources/feed-fetcher.js';
import { FetchError } from '#src/sources/fetch-error.js';
import { LocalHttpServer } from './local-http-server.js';

const rss = readFileSync(new URL('../../fixtures/wordpress/feed-rss2.xml', import.meta.url));
const ETAG = '"feed-v1"';
const LAST_MODIFIED = 'Tue, 24 Nov 2026 10:05:00 GMT';

function bodyOf(result: FetchResult): Buffer {
  if (result.notModified) throw new Error('expected a body, got 304');
  return result.body;
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof FetchError)) throw new Error(`expected a FetchError, got ${String(err)}`);
  return err;
}

describe('FeedFetcher against a real local server', () => {
  const server = new LocalHttpServer();
  const fetcher = new FeedFetcher({ allowPrivate: true, timeoutMs: 2_000, maxBytes: 1_000_000 });

  beforeAll(() => server.start());
  afterAll(async () => {
    await fetcher.close();
    await server.stop();
  });

  it('returns the body with new validators, then takes the 304 path', async () => {
    server.route('/feed/', (req, res) => {
      if (req.headers['if-none-match'] === ETAG) return res.writeHead(304, { etag: ETAG }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8', etag: ETAG, 'last-modified': LAST_MODIFIED });
      res.end(rss);
    });
    const first = await fetcher.fetch({ url: server.url('/feed/') });
    expect(first).toMatchObject({ notModified: false, status: 200, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(bodyOf(first).equals(rss)).toBe(true);

    const second = await fetcher.fetch({ url: server.url('/feed/'), etag: ETAG, lastModified: LAST_MODIFIED });
    expect(second).toEqual({ notModified: true, url: server.url('/feed/'), etag: ETAG, lastModified: LAST_MODIFIED });
    const conditional = server.requests.at(-1)!;
    expect(conditional.headers['if-modified-since']).toBe(LAST_MODIFIED);
    expect(conditional.headers['user-agent']).toMatch(/^Postbote\//);
    expect(conditional.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes %s bodies', async (encoding, compress) => {
    server.serve(`/${encoding}`, compress(rss), { 'content-encoding': encoding });
    expect(bodyOf(await fetcher.fetch({ url: server.url(`/${encoding}`) })).equals(rss)).toBe(true);
  });

  it('follows redirects and reports the final URL', async () => {
    server.serve('/old', '', { location: '/older' }, 301);
    server.serve('/older', '', { location: server.url('/final') }, 302);
    server.serve('/final', 'ok');
    const result = await fetcher.fetch({ url: server.url('/old') });
    expect(result.url).toBe(server.url('/final'));
    expect(bodyOf(result).toString()).toBe('ok');
  });

  it('refuses redirect loops and long chains', async () => {
    server.serve('/loop-a', '', { location: '/loop-b' }, 302);
    server.serve('/loop-b', '', { location: '/loop-a' }, 302);
    expect((await failure(fetcher.fetch({ url: server.url('/loop-a') }))).reason).toBe('redirect loop');

    for (let i = 0; i < 7; i++) server.serve(`/hop-${i}`, '', { location: `/hop-${i + 1}` }, 307);
    server.serve('/hop-7', 'too far');
    const err = await failure(fetcher.fetch({ url: server.url('/hop-0') }));
    expect(err).toMatchObject({ kind: 'redirect', reason: 'more than 5 redirects' });
  });

  it('sends extra headers to the source origin only, not to a host a redirect points at', async () => {
    server.serve('/private', '', { location: server.url('/elsewhere', 'localhost') }, 302);
    server.serve('/elsewhere', 'ok');
    await fetcher.fetch({ url: server.url('/private'), headers: { Authorization: 'Basic dXNlcjpwdw==' } });
    const [first, second] = server.requests.slice(-2);
    expect(first.headers.authorization).toBe('Basic dXNlcjpwdw==');
    expect(second.headers.authorization).toBeUndefined();
  });

  it('reports 5xx as "HTTP <status>"', async () => {
    server.serve('/down', 'maintenance', {}, 503);
    expect(await failure(fetcher.fetch({ url: server.url('/down') }))).toMatchObject({ kind: 'http-status', reason: 'HTTP 503', status: 503 });
  });

  it('enforces the size cap on declared, streamed and decompressed sizes', async () => {
    const big = Buffer.alloc(1_000_001, 'a');
    const reason = 'response larger than 1000000 bytes';
    server.serve('/big', big);
    server.route('/big-chunked', (_req, res) => {
      res.writeHead(200); // no content-length: the cap must hold while streaming
      for (let i = 0; i < 20; i++) res.write(Buffer.alloc(100_000, 'b'));
      res.end();
    });
    server.serve('/bomb', gzipSync(Buffer.alloc(5_000_000, 0)), { 'content-encoding': 'gzip' });
    for (const path of ['/big', '/big-chunked', '/bomb']) {
      expect((await failure(fetcher.fetch({ url: server.url(path) }))).reason).toBe(reason);
    }
  });

  it('gives up after the timeout, also when the body stalls', async () => {
    const quick = new FeedFetcher({ allowPrivate: true, timeoutMs: 300 });
    server.route('/silent', () => undefined);
    server.route('/stall', (_req, res) => {
      res.writeHead(200);
      res.write('<rss>');
    });
    try {
      for (const path of ['/silent', '/stall']) {
        expect(await failure(quick.fetch({ url: server.url(path) }))).toMatchObject({ kind: 'timeout', reason: 'timeout after 300 ms' });
      }
    } finally {
      await quick.close();
    }
  });

  const requestsTo = (path: string) => server.requests.filter((r) => r.url === path).length;

  it.each([
    ['closed (FIN)', 'destroy'],
    ['reset (RST)', 'resetAndDestroy'],
  ] as const)('repeats a GET once, at once, when the server drops the connection: %s', async (_name, drop) => {
    const path = `/drop-${drop}`;
    server.route(path, (req, res) => {
      if (requestsTo(path) === 1) return void req.socket[drop]();
      res.end('second time lucky');
    });
    expect(bodyOf(await fetcher.fetch({ url: server.url(path) })).toString()).toBe('second time lucky');
    expect(requestsTo(path)).toBe(2);
  });

  it('repeats a dropped GET only once, and never a timeout or an HTTP error', async () => {
    server.route('/always-drop', (req) => void req.socket.destroy());
    expect(await failure(fetcher.fetch({ url: server.url('/always-drop') }))).toMatchObject({ kind: 'network', reason: 'network error: UND_ERR_SOCKET' });
    expect(requestsTo('/always-drop')).toBe(2);

    server.serve('/unavailable', 'later', {}, 503);
    expect((await failure(fetcher.fetch({ url: server.url('/unavailable') }))).reason).toBe('HTTP 503');
    expect(requestsTo('/unavailable')).toBe(1);

    const quick = new FeedFetcher({ allowPrivate: true, timeoutMs: 300 });
    server.route('/no-answer', () => undefined);
    try {
      expect((await failure(quick.fetch({ url: server.url('/no-answer') }))).kind).toBe('timeout');
      expect(requestsTo('/no-answer')).toBe(1);
    } finally {
      await quick.close();
    }
  });

  it('reports a refused connection as a network error', async () => {
    const err = await failure(fetcher.fetch({ url: 'http://127.0.0.1:1/feed' }));
    expect(err).toMatchObject({ kind: 'network', reason: 'network error: ECONNREFUSED' });
  });
});

describe('FeedFetcher SSRF guard (allowPrivate off)', () => {
  const server = new LocalHttpServer();
  const fetcher = new FeedFetcher();

  beforeAll(() => server.start());
  afterAll(async () => {
    await fetcher.close();
    await server.stop();
  });

  it.each([
    ['http://127.0.0.1:{port}/feed', 'address 127.0.0.1 is private (loopback)'],
    ['http://10.0.0.1/feed', 'address 10.0.0.1 is private (private)'],
    ['http://169.254.169.254/latest/meta-data/', 'address 169.254.169.254 is private (linkLocal)'],
    ['http://[::1]:{port}/feed', 'address ::1 is private (loopback)'],
    ['http://[::ffff:127.0.0.1]:{port}/feed', 'address ::ffff:7f00:1 is private (loopback)'],
  ])('refuses the literal address in %s', async (template, reason) => {
    const err = await failure(fetcher.fetch({ url: template.replace('{port}', String(server.port)) }));
    expect(err).toMatchObject({ kind: 'private-address', reason });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a host name that resolves to a loopback address', async () => {
    const err = await failure(fetcher.fetch({ url: server.url('/feed', 'localhost') }));
    expect(err.kind).toBe('private-address');
    expect(err.reason).toMatch(/^localhost: address (127\.0\.0\.1|::1) is private \(loopback\)$/);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects non-HTTP URLs', async () => {
    expect(await failure(fetcher.fetch({ url: 'file:///etc/passwd' }))).toMatchObject({ kind: 'invalid-url', reason: 'unsupported protocol file:' });
    expect(await failure(fetcher.fetch({ url: 'not a url' }))).toMatchObject({ kind: 'invalid-url' });
  });
});
