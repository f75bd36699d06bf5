import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { ChannelPoster, serverIdOf } from './channel-poster.js';
import { createHttpImageFetcher } from './image-fetcher.js';
import type { WhatsAppClientPort, WhatsAppContent, WhatsAppSendOptions, WhatsAppSentMessage } from './whatsapp-client.port.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('ChannelPoster with a real HTTP image source', () => {
  let server: Server;
  let base: string;
  const channel: WhatsAppSentMessage[] = [];
  const sendMessage = jest.fn((_id: string, content: WhatsAppContent, _options: WhatsAppSendOptions): Promise<WhatsAppSentMessage> => {
    const media = typeof content !== 'string';
    const message = { id: { id: 'ABC', _serialized: 'true_1@newsletter_ABC' }, ack: 1, type: media ? 'image' : 'chat', hasMedia: media, _data: { serverId: 7 + channel.length } };
    channel.push(message);
    return Promise.resolve(message);
  });
  const client = { sendMessage, fetchChannelMessages: () => Promise.resolve(channel) } as unknown as WhatsAppClientPort;
  const poster = new ChannelPoster(createHttpImageFetcher({ timeoutMs: 5_000, maxBytes: 1_000, allowPrivate: true }));

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/lead.png') {
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      } else if (req.url === '/page.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      } else if (req.url === '/huge.png') {
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(2_000));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => sendMessage.mockClear());

  it('sends the lead image with the text as caption', async () => {
    const result = await poster.post(client, '1@newsletter', { text: '*Titel*', imageUrl: `${base}/lead.png` });
    expect(result).toMatchObject({ state: 'posted', clientId: 'true_1@newsletter_ABC', withImage: true, fellBackToText: false, note: null });
    expect(sendMessage).toHaveBeenCalledWith(
      '1@newsletter',
      { mimetype: 'image/png', data: PNG.toString('base64'), filename: 'lead.png' },
      { sendSeen: false, caption: '*Titel*' },
    );
  });

  it.each([
    ['/missing.png', /HTTP 404/],
    ['/page.html', /unsupported content type "text\/html"/],
    ['/huge.png', /larger than 1000 bytes/],
  ])('falls back to text only when %s cannot be used', async (urlPath, reason) => {
    const result = await poster.post(client, '1@newsletter', { text: '*Titel*', imageUrl: `${base}${urlPath}` });
    expect(result).toMatchObject({ state: 'posted', withImage: false, fellBackToText: true });
    expect(result.note).toMatch(reason);
    expect(sendMessage).toHaveBeenCalledWith('1@newsletter', '*Titel*', { sendSeen: false });
  });

  it('refuses private addresses like every outbound fetch of an outside URL', async () => {
    const guarded = new ChannelPoster(createHttpImageFetcher({ timeoutMs: 5_000, maxBytes: 1_000, allowPrivate: false }));
    for (const imageUrl of [`${base}/lead.png`, `http://[::1]:1/lead.png`, 'http://169.254.169.254/latest/meta-data/iam.png']) {
      const result = await guarded.post(client, '1@newsletter', { text: '*Titel*', imageUrl });
      expect({ imageUrl, withImage: result.withImage }).toEqual({ imageUrl, withImage: false });
      expect(result.note).toMatch(/loopback|link-local|private/);
    }
    expect(sendMessage).not.toHaveBeenCalledWith('1@newsletter', expect.objectContaining({ mimetype: 'image/png' }), expect.anything());
  });
});

describe('serverIdOf', () => {
  it.each([
    [{ _data: { serverId: 123 } }, '123'],
    [{ _data: { serverId: 'AbC-9' } }, 'AbC-9'],
    [{ _data: {} }, null],
    [{ _data: { serverId: null } }, null],
    [{ _data: { serverId: '  ' } }, null],
    [{ id: { id: '3EB0ABCDEF', _serialized: 'true_1@newsletter_3EB0ABCDEF' }, ack: 1 }, null],
    [null, null],
  ])('%j → %s (the client id and ack prove nothing)', (message, expected) => {
    expect(serverIdOf(message as WhatsAppSentMessage | null)).toBe(expected);
  });
});
