import { EventEmitter } from 'node:events';
import { mkdtemp, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { ChannelPoster } from './channel-poster.js';
import type {
  WhatsAppChannel,
  WhatsAppClientFactory,
  WhatsAppClientOptions,
  WhatsAppClientPort,
  WhatsAppContent,
  WhatsAppSendOptions,
  WhatsAppSentMessage,
} from './whatsapp-client.port.js';
import { WhatsAppNotReadyError, WhatsAppPostNotAcceptedError } from './whatsapp-errors.js';
import { formatArticleMessage } from './whatsapp-message.formatter.js';
import { profileDirFor } from './whatsapp-web.client.js';
import { type SessionTimers, type WhatsAppSessionConfig, WhatsAppSession } from './whatsapp-session.js';

/** Stands in for whatsapp-web.js's Client: an EventEmitter with mocked methods. */
class FakeClient extends EventEmitter implements WhatsAppClientPort {
  private sent = 0;
  initialize = jest.fn((): Promise<void> => Promise.resolve());
  destroy = jest.fn((): Promise<void> => Promise.resolve());
  logout = jest.fn((): Promise<void> => Promise.resolve());
  private readonly posted: WhatsAppSentMessage[] = [];
  // Like the library's channel send: a client-side id, ack 1, and the server's id in `_data`.
  sendMessage = jest.fn(
    (_chatId: string, _content: WhatsAppContent, _options: WhatsAppSendOptions): Promise<WhatsAppSentMessage | null> => {
      this.sent++;
      const message = { id: { id: `KEY${this.sent}`, _serialized: `true_123@newsletter_KEY${this.sent}` }, ack: 1, type: 'chat', _data: { serverId: 100 + this.sent } };
      this.posted.push(message);
      return Promise.resolve(message);
    },
  );
  fetchChannelMessages = jest.fn((_id: string, _limit: number): Promise<WhatsAppSentMessage[]> => Promise.resolve(this.posted));
  getChannels = jest.fn((): Promise<WhatsAppChannel[]> => Promise.resolve([]));
  getChannelByInviteCode = jest.fn((_code: string): Promise<WhatsAppChannel | null> => Promise.resolve(null));
  getChatById = jest.fn((_id: string): Promise<WhatsAppChannel | null> => Promise.resolve(null));
  requestPairingCode = jest.fn((_phone: string) => Promise.resolve('ABCD1234'));
}

/** Timers that only fire when the test says so, recording the requested delays. */
class ManualTimers implements SessionTimers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private nextId = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fire(ms: number): void {
    const entry = [...this.pending.entries()].find(([, t]) => t.ms === ms);
    if (!entry) throw new Error(`no pending timer of ${ms} ms (pending: ${this.delays().join(', ')})`);
    this.pending.delete(entry[0]);
    entry[1].fn();
  }
}

/** Waits for the session's background work (real file system calls) to reach a state. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error('condition not reached');
}

const CHANNEL = '120363000000000000@newsletter';

describe('WhatsAppSession with a fake client', () => {
  let dataDir: string;
  let clients: FakeClient[];
  let factory: jest.Mock<WhatsAppClientFactory>;
  let timers: ManualTimers;

  const config = (overrides: Partial<WhatsAppSessionConfig> = {}): WhatsAppSessionConfig => ({
    enabled: true,
    dataDir,
    executablePath: '/usr/bin/chromium',
    readyTimeoutMs: 90_000,
    backoff: { initialMs: 1_000, maxMs: 8_000, factor: 2 },
    restartEveryMs: null,
    ...overrides,
  });
  const newSession = (overrides: Partial<WhatsAppSessionConfig> = {}): WhatsAppSession =>
    new WhatsAppSession(config(overrides), { clientFactory: factory, timers, onQr: jest.fn() });

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'wa-session-'));
    clients = [];
    timers = new ManualTimers();
    factory = jest.fn((_options: WhatsAppClientOptions) => {
      const client = new FakeClient();
      clients.push(client);
      return client;
    });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('goes qr → authenticated → ready, serves the QR as PNG, then posts', async () => {
    const onQr = jest.fn();
    const session = new WhatsAppSession(config(), { clientFactory: factory, timers, onQr });
    await session.start();
    expect(session.snapshot().status).toBe('starting');
    expect(factory).toHaveBeenCalledWith({ dataDir, executablePath: '/usr/bin/chromium', clientId: undefined });
    const client = clients[0];
    expect(client.initialize).toHaveBeenCalledTimes(1);
    // initialize() resolving is not ready.
    expect(() => session.readyClient()).toThrow(WhatsAppNotReadyError);

    client.emit('qr', '2@fake-qr-payload');
    expect(session.snapshot()).toMatchObject({ status: 'qr', qrAvailable: true });
    expect(onQr).toHaveBeenCalledWith('2@fake-qr-payload');
    const png = await session.qrPng();
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await session.qrDataUrl()).toMatch(/^data:image\/png;base64,/);
    expect(timers.delays()).toEqual([]); // no ready timeout while a human scans

    client.emit('authenticated');
    expect(session.snapshot().status).toBe('authenticated');
    const ready = session.whenReady(30_000);
    client.emit('ready');
    await expect(ready).resolves.toBe(client);
    expect(session.snapshot()).toMatchObject({ status: 'ready', qrAvailable: false, lastError: null });

    const poster = new ChannelPoster(async () => Promise.reject(new Error('unused')));
    const result = await poster.post(session.readyClient(), CHANNEL, formatArticleMessage({ title: 'Hallo', url: 'https://blog.example.de/a' }));
    expect(result).toEqual({ state: 'posted', serverId: '101', clientId: 'true_123@newsletter_KEY1', withImage: false, fellBackToText: false, note: null });
    expect(client.sendMessage).toHaveBeenCalledWith(CHANNEL, '*Hallo*\n\nhttps://blog.example.de/a', { sendSeen: false });
    await session.stop();
  });

  it('rejects a post that comes back without a server id with a typed error', async () => {
    const session = newSession();
    await session.start();
    const client = clients[0];
    client.emit('ready');
    const poster = new ChannelPoster(async () => Promise.reject(new Error('unused')));
    const post = formatArticleMessage({ title: 'T', url: 'https://x.example/1' });

    client.sendMessage.mockResolvedValueOnce(null);
    await expect(poster.post(client, CHANNEL, post)).rejects.toThrow(WhatsAppPostNotAcceptedError);
    // What the library returns when WhatsApp refused the post: a client id and ack 1, no server id.
    client.sendMessage.mockResolvedValueOnce({ id: { id: '3EB0AA', _serialized: 'true_123@newsletter_3EB0AA' }, ack: 1, _data: {} });
    await expect(poster.post(client, CHANNEL, post)).rejects.toThrow(/no server id/);
    client.sendMessage.mockRejectedValueOnce('timeout');
    await expect(poster.post(client, CHANNEL, post)).rejects.toThrow(/sending failed: timeout/);
    await session.stop();
  });

  it('rebuilds the client with exponential backoff after disconnects and posts on the new one', async () => {
    const session = newSession();
    await session.start();
    clients[0].emit('ready');

    clients[0].emit('disconnected', 'BROWSER_CLOSED');
    await until(() => timers.delays().length === 1);
    expect(clients[0].destroy).toHaveBeenCalledTimes(1);
    expect(session.snapshot()).toMatchObject({ status: 'disconnected', lastError: 'disconnected: the browser (Chromium) closed unexpectedly; restarting it' });
    expect(timers.delays()).toEqual([1_000]);
    const waiting = session.whenReady(60_000); // e.g. the posting queue waiting for the client

    timers.fire(1_000);
    await until(() => clients.length === 2);
    // The new client fails to log in: the next attempt waits longer.
    clients[1].emit('auth_failure', 'bad session');
    await until(() => timers.delays().includes(2_000));
    expect(session.snapshot().lastError).toBe('authentication failed: bad session');
    // Events from the torn-down client are ignored.
    clients[0].emit('ready');
    expect(session.snapshot().status).toBe('disconnected');

    timers.fire(2_000);
    await until(() => clients.length === 3);
    clients[2].emit('ready');
    const client = await waiting;
    expect(client).toBe(clients[2]);
    expect(session.snapshot().failedAttempts).toBe(0);

    const poster = new ChannelPoster(async () => Promise.reject(new Error('unused')));
    await poster.post(client, CHANNEL, formatArticleMessage({ title: 'Weiter', url: 'https://x.example/2' }));
    expect(clients[2].sendMessage).toHaveBeenCalledTimes(1);
    expect(clients[0].sendMessage).not.toHaveBeenCalled();
    await session.stop();
  });

  it.each(['TOS_BLOCK', 'SMB_TOS_BLOCK', 'PROXYBLOCK'])('stops on %s: status blocked, reason in words, no relaunch', async (reason) => {
    const session = newSession();
    await session.start();
    clients[0].emit('ready');
    clients[0].emit('disconnected', reason);
    await until(() => session.snapshot().status === 'blocked');
    expect(session.snapshot().lastError).toContain(`(${reason}); posting stopped`);
    expect(clients[0].destroy).toHaveBeenCalledTimes(1);
    expect(timers.delays()).toEqual([]); // no rebuild scheduled
    expect(clients).toHaveLength(1);
    await session.stop();
  });

  it.each(['UNPAIRED', 'LOGOUT'])('after %s rebuilds once at once to a fresh QR code, and says why', async (reason) => {
    const session = newSession();
    await session.start();
    clients[0].emit('ready');
    clients[0].emit('disconnected', reason);
    await until(() => clients.length === 2);
    expect(session.snapshot().lastError).toContain('scan the new QR code');
    clients[1].emit('qr', '2@fresh');
    expect(session.snapshot()).toMatchObject({ status: 'qr', qrAvailable: true });
    // Unlinked again before a login: no loop; it waits as needs-pairing.
    clients[1].emit('disconnected', reason);
    await until(() => session.snapshot().status === 'needs-pairing');
    expect(clients).toHaveLength(2);
    await session.stop();
  });

  it('normalises a string thrown by initialize() and caps the backoff', async () => {
    const session = newSession({ backoff: { initialMs: 1_000, maxMs: 3_000, factor: 2 } });
    factory.mockImplementation(() => {
      const client = new FakeClient();
      client.initialize.mockRejectedValue('auth timeout');
      clients.push(client);
      return client;
    });
    await session.start();
    expect(session.snapshot().lastError).toBe('start failed: auth timeout');
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [delay] = timers.delays();
      seen.push(delay);
      timers.fire(delay);
      await until(() => clients.length === i + 2 && timers.delays().length === 1 && !timers.delays().includes(90_000));
    }
    expect(seen).toEqual([1_000, 2_000, 3_000]);
    await session.stop();
  });

  it('fails over to a rebuild when ready does not come within the timeout', async () => {
    const session = newSession();
    await session.start();
    expect(timers.delays()).toEqual([90_000]);
    timers.fire(90_000);
    await until(() => timers.delays().includes(1_000));
    expect(session.snapshot().lastError).toBe('ready timeout: not ready within 90000 ms');
    expect(clients[0].destroy).toHaveBeenCalled();
    await session.stop();
  });

  it('restarts daily when configured, and shuts down with destroy(), never logout()', async () => {
    const day = 24 * 3_600_000;
    const session = newSession({ restartEveryMs: day });
    await session.start();
    clients[0].emit('ready');
    timers.fire(day);
    await until(() => clients.length === 2);
    expect(clients[0].destroy).toHaveBeenCalledTimes(1);
    clients[1].emit('ready');
    await session.stop();
    expect(clients[1].destroy).toHaveBeenCalledTimes(1);
    expect(clients.every((c) => c.logout.mock.calls.length === 0)).toBe(true);
    expect(timers.delays()).toEqual([]);
  });

  it('offers pairing by phone number code while waiting for login', async () => {
    const session = newSession();
    await session.start();
    clients[0].emit('qr', 'q');
    await expect(session.requestPairingCode('+49 151 1234567')).resolves.toBe('ABCD1234');
    expect(clients[0].requestPairingCode).toHaveBeenCalledWith('491511234567');
    await expect(session.requestPairingCode('call me')).rejects.toThrow(/phoneNumber/);
    await session.stop();
  });

  it('disabled mode never builds a client or touches the data dir', async () => {
    const session = newSession({ enabled: false, dataDir: path.join(dataDir, 'absent') });
    await session.start();
    expect(factory).not.toHaveBeenCalled();
    expect(session.snapshot().status).toBe('disabled');
    expect(() => session.readyClient()).toThrow(/status: disabled/);
    await expect(session.whenReady(1_000)).rejects.toThrow(WhatsAppNotReadyError);
    await session.stop();
    expect(session.snapshot().status).toBe('disabled');
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('removes stale Chromium Singleton locks before starting, keeping the session', async () => {
    const profile = profileDirFor(dataDir);
    await mkdir(profile, { recursive: true });
    await symlink('gone-host-12345', path.join(profile, 'SingletonLock'));
    await symlink('/tmp/nonexistent/socket', path.join(profile, 'SingletonSocket'));
    await writeFile(path.join(profile, 'SingletonCookie'), '1');
    await writeFile(path.join(profile, 'Local State'), '{}');
    factory.mockImplementation(() => {
      throw new Error('stop here');
    });
    const session = newSession();
    await session.start();
    expect((await readdir(profile)).sort()).toEqual(['Local State']);
    await session.stop();
  });
});
