import type { WhatsAppClientFactory, WhatsAppClientPort, WhatsAppWebBuild } from './whatsapp-client.port.js';
import { toError, WhatsAppNotReadyError } from './whatsapp-errors.js';
import { profileDirFor } from './whatsapp-web.client.js';
import { describeDisconnect, disconnectAction } from './disconnect-reasons.js';
import { qrToDataUrl, qrToPng, qrToTerminalText } from './qr-code.js';
import { removeStaleChromiumLocks } from './stale-locks.js';

/** `blocked`: WhatsApp blocked the account or network, no relaunch; `needs-pairing`: the device was unlinked. */
export type WhatsAppStatus = 'disabled' | 'starting' | 'qr' | 'authenticated' | 'ready' | 'disconnected' | 'blocked' | 'needs-pairing';

export interface WhatsAppStatusSnapshot {
  status: WhatsAppStatus;
  /** The last failure (kept after recovery, so an admin can see why it reconnected). */
  lastError: string | null;
  since: Date;
  /** Consecutive failed starts since the last `ready`. */
  failedAttempts: number;
  qrAvailable: boolean;
}

export interface WhatsAppSessionConfig {
  enabled: boolean;
  dataDir: string;
  executablePath: string;
  clientId?: string;
  /** The pinned WhatsApp Web build and the library's load timeout, passed to each new client. */
  webBuild?: WhatsAppWebBuild;
  loadTimeoutMs?: number;
  /** How long to wait for `ready` after start or `authenticated` (not while showing a QR code). */
  readyTimeoutMs: number;
  backoff: { initialMs: number; maxMs: number; factor: number };
  /** Rebuild the client this often (e.g. 24 h) to shed a slowly degrading browser; null = never. */
  restartEveryMs: number | null;
}

export interface SessionTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SessionLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface WhatsAppSessionDeps {
  clientFactory: WhatsAppClientFactory;
  timers?: SessionTimers;
  now?: () => Date;
  logger?: SessionLogger;
  /** Called with each new login QR code; defaults to printing it on the terminal. */
  onQr?: (qr: string) => void;
  /** Called after every change of status, error or pending QR code (e.g. to publish it). */
  onChange?: (snapshot: WhatsAppStatusSnapshot) => void;
}

export const nodeTimers: SessionTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const silentLogger: SessionLogger = { log: () => undefined, warn: () => undefined };

interface ReadyWaiter {
  resolve: (client: WhatsAppClientPort) => void;
  reject: (err: Error) => void;
}

type TimerName = 'retry' | 'ready' | 'restart';

/**
 * Owns the one WhatsApp Web client: starts it, tracks its status, rebuilds it with backoff when
 * it disconnects or its browser dies, and shuts it down with destroy() (never logout()).
 */
export class WhatsAppSession {
  private client: WhatsAppClientPort | null = null;
  /** Bumped for every client built; events of an older client are ignored. */
  private generation = 0;
  private failedAttempts = 0;
  private status: WhatsAppStatus;
  private since: Date;
  private lastError: string | null = null;
  private qr: string | null = null;
  private stopped = false;
  /** One immediate rebuild after an unlink; a second unlink before `ready` waits for an admin. */
  private pairingRebuilt = false;
  private readonly timers = new Map<TimerName, unknown>();
  private readonly waiters = new Set<ReadyWaiter>();
  private readonly clock: () => Date;
  private readonly timerApi: SessionTimers;
  private readonly logger: SessionLogger;
  private readonly onQr: (qr: string) => void;

  constructor(
    private readonly config: WhatsAppSessionConfig,
    private readonly deps: WhatsAppSessionDeps,
  ) {
    this.clock = deps.now ?? (() => new Date());
    this.timerApi = deps.timers ?? nodeTimers;
    this.logger = deps.logger ?? silentLogger;
    this.onQr = deps.onQr ?? ((qr) => void printQr(qr).catch(() => undefined));
    this.status = config.enabled ? 'disconnected' : 'disabled';
    this.since = this.clock();
  }

  /** Starts the client in the background; resolves once it is launched, not when `ready`. */
  async start(): Promise<void> {
    if (!this.config.enabled) return;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    for (const name of this.timers.keys()) this.clearTimer(name);
    this.rejectWaiters(new WhatsAppNotReadyError(this.status, 'session stopped'));
    const client = this.client;
    this.client = null;
    if (client) await this.safeDestroy(client);
    if (this.config.enabled) this.setStatus('disconnected');
  }

  snapshot(): WhatsAppStatusSnapshot {
    return {
      status: this.status,
      lastError: this.lastError,
      since: this.since,
      failedAttempts: this.failedAttempts,
      qrAvailable: this.qr !== null,
    };
  }

  /** The raw login QR code string, or null when none is pending. */
  pendingQr(): string | null {
    return this.qr;
  }

  /** The latest login QR code as PNG, or null when none is pending. */
  async qrPng(): Promise<Buffer | null> {
    return this.qr === null ? null : qrToPng(this.qr);
  }

  async qrDataUrl(): Promise<string | null> {
    return this.qr === null ? null : qrToDataUrl(this.qr);
  }

  /** Pairing by phone number instead of QR: returns the code to type into the phone. */
  async requestPairingCode(phoneNumber: string): Promise<string> {
    const digits = phoneNumber.replace(/[\s+()-]/g, '');
    if (!/^\d{7,15}$/.test(digits)) {
      throw new Error(`phoneNumber: expected an international number without symbols, e.g. 4915112345678`);
    }
    if (!this.client || (this.status !== 'qr' && this.status !== 'starting')) {
      throw new WhatsAppNotReadyError(this.status, 'pairing is possible only while waiting for login');
    }
    return this.client.requestPairingCode(digits);
  }

  /** The client when it is `ready`; throws a typed error otherwise. */
  readyClient(): WhatsAppClientPort {
    if (this.status !== 'ready' || !this.client) throw new WhatsAppNotReadyError(this.status, this.lastError ?? undefined);
    return this.client;
  }

  /** Waits (up to timeoutMs) until the client is `ready`, e.g. while it is being rebuilt. */
  whenReady(timeoutMs: number): Promise<WhatsAppClientPort> {
    if (this.status === 'ready' && this.client) return Promise.resolve(this.client);
    if (!this.config.enabled || this.stopped) return Promise.reject(new WhatsAppNotReadyError(this.status));
    return new Promise((resolve, reject) => {
      const waiter: ReadyWaiter = {
        resolve: (client) => {
          this.timerApi.clearTimeout(handle);
          resolve(client);
        },
        reject: (err) => {
          this.timerApi.clearTimeout(handle);
          reject(err);
        },
      };
      const handle = this.timerApi.setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new WhatsAppNotReadyError(this.status, `not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.qr = null;
    this.setStatus('starting');
    try {
      const removed = await removeStaleChromiumLocks(profileDirFor(this.config.dataDir, this.config.clientId));
      if (removed.length > 0) this.logger.warn(`Removed stale Chromium locks: ${removed.join(', ')}`);
      if (gen !== this.generation) return;
      const client = this.deps.clientFactory({
        dataDir: this.config.dataDir,
        executablePath: this.config.executablePath,
        clientId: this.config.clientId,
        ...(this.config.webBuild ? { webBuild: this.config.webBuild } : {}),
        ...(this.config.loadTimeoutMs ? { loadTimeoutMs: this.config.loadTimeoutMs } : {}),
      });
      this.client = client;
      this.subscribe(client, gen);
      this.armTimer('ready', this.config.readyTimeoutMs, () => {
        void this.fail(gen, 'ready timeout', `not ready within ${this.config.readyTimeoutMs} ms`);
      });
      await client.initialize();
    } catch (err) {
      await this.fail(gen, 'start failed', err);
    }
  }

  private subscribe(client: WhatsAppClientPort, gen: number): void {
    const current = (): boolean => gen === this.generation;
    client.on('qr', (qr) => {
      if (!current()) return;
      this.qr = qr;
      this.notify();
      // A human has to scan: don't let the ready timeout tear the client down meanwhile.
      this.clearTimer('ready');
      this.setStatus('qr');
      this.onQr(qr);
    });
    client.on('authenticated', () => {
      if (!current()) return;
      this.qr = null;
      this.notify();
      this.setStatus('authenticated');
      this.armTimer('ready', this.config.readyTimeoutMs, () => {
        void this.fail(gen, 'ready timeout', `not ready within ${this.config.readyTimeoutMs} ms after login`);
      });
    });
    client.on('ready', () => {
      if (current()) this.onReady(client);
    });
    client.on('disconnected', (reason) => void this.onDisconnected(gen, reason));
    client.on('auth_failure', (message) => void this.fail(gen, 'authentication failed', message));
  }

  private onReady(client: WhatsAppClientPort): void {
    this.pairingRebuilt = false;
    this.clearTimer('ready');
    this.failedAttempts = 0;
    this.qr = null;
    this.setStatus('ready');
    this.logger.log('WhatsApp client ready');
    for (const waiter of this.waiters) waiter.resolve(client);
    this.waiters.clear();
    const every = this.config.restartEveryMs;
    if (every !== null) this.armTimer('restart', every, () => void this.restart());
  }

  /**
   * Blocked (TOS_BLOCK, SMB_TOS_BLOCK, PROXYBLOCK): stop, no relaunch loop. Unlinked (UNPAIRED,
   * LOGOUT): one rebuild at once, to a fresh QR code. Anything else: rebuild with backoff.
   */
  private async onDisconnected(gen: number, reason: string): Promise<void> {
    const action = disconnectAction(reason);
    if (action === 'reconnect' || gen !== this.generation || this.stopped) return this.fail(gen, 'disconnected', describeDisconnect(reason));
    this.generation++;
    this.lastError = describeDisconnect(reason);
    this.logger.warn(`WhatsApp ${this.lastError}`);
    this.clearTimer('ready');
    this.clearTimer('restart');
    this.setStatus(action);
    this.rejectWaiters(new WhatsAppNotReadyError(action, this.lastError));
    const client = this.client;
    this.client = null;
    if (client) await this.safeDestroy(client);
    if (action === 'needs-pairing' && !this.stopped && !this.pairingRebuilt) {
      this.pairingRebuilt = true;
      await this.connect();
    }
  }

  /** Tears the current client down and schedules a rebuild with exponential backoff. */
  private async fail(gen: number, context: string, reason: unknown): Promise<void> {
    if (gen !== this.generation || this.stopped) return;
    this.generation++;
    this.lastError = `${context}: ${toError(reason).message}`;
    this.notify();
    this.logger.warn(`WhatsApp ${this.lastError}`);
    this.setStatus('disconnected');
    this.clearTimer('ready');
    this.clearTimer('restart');
    const client = this.client;
    this.client = null;
    if (client) await this.safeDestroy(client);
    if (this.stopped) return;
    const { initialMs, maxMs, factor } = this.config.backoff;
    const delay = Math.min(maxMs, initialMs * factor ** this.failedAttempts);
    this.failedAttempts++;
    this.armTimer('retry', delay, () => void this.connect());
  }

  /** Rebuilds the client now (e.g. the daily restart); keeps the login. */
  async restartNow(): Promise<void> {
    if (!this.config.enabled || this.stopped) return;
    this.pairingRebuilt = false;
    await this.restart();
  }

  private async restart(): Promise<void> {
    this.logger.log('WhatsApp scheduled restart');
    this.generation++;
    const client = this.client;
    this.client = null;
    if (client) await this.safeDestroy(client);
    if (!this.stopped) await this.connect();
  }

  private async safeDestroy(client: WhatsAppClientPort): Promise<void> {
    try {
      await client.destroy();
    } catch (err) {
      // The browser is often already gone after a crash; nothing left to close.
      this.logger.warn(`WhatsApp destroy failed: ${toError(err).message}`);
    }
  }

  private armTimer(name: TimerName, ms: number, fn: () => void): void {
    this.clearTimer(name);
    this.timers.set(name, this.timerApi.setTimeout(() => {
      this.timers.delete(name);
      fn();
    }, ms));
  }

  private clearTimer(name: TimerName): void {
    if (!this.timers.has(name)) return;
    this.timerApi.clearTimeout(this.timers.get(name));
    this.timers.delete(name);
  }

  private rejectWaiters(err: Error): void {
    for (const waiter of this.waiters) waiter.reject(err);
    this.waiters.clear();
  }

  private setStatus(status: WhatsAppStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.since = this.clock();
    this.notify();
  }

  private notify(): void {
    try {
      this.deps.onChange?.(this.snapshot());
    } catch (err) {
      this.logger.warn(`WhatsApp status listener failed: ${toError(err).message}`);
    }
  }
}

async function printQr(qr: string): Promise<void> {
  process.stdout.write(`Scan this QR code with WhatsApp (Linked devices):\n${await qrToTerminalText(qr)}\n`);
}
