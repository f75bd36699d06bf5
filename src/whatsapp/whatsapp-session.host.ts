import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from 'croner';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { WorkerIdentity } from '#src/system/worker-identity.js';
import type { WhatsAppClientFactory, WhatsAppClientPort } from './whatsapp-client.port.js';
import { WhatsAppNotReadyError } from './whatsapp-errors.js';
import { WhatsAppRepository } from './whatsapp.repository.js';
import { WhatsAppSession, type WhatsAppStatus, type WhatsAppStatusSnapshot } from './whatsapp-session.js';
import { WHATSAPP_CLIENT_FACTORY, WHATSAPP_SESSION_LEASE } from './whatsapp.tokens.js';
import type { SessionLease } from './session-lease.js';
import { qrToPng, qrToTerminalText } from './qr-code.js';

/** How often the holder refreshes its published status, and a standby retries the lease. */
export const SESSION_HEARTBEAT_MS = 30_000;
const STALE_AFTER_MS = 3 * SESSION_HEARTBEAT_MS;

export interface WhatsAppStatusView {
  status: WhatsAppStatus;
  lastError: string | null;
  qrAvailable: boolean;
  /** The process running the session, when one does. */
  holder: string | null;
  /** Whether this process runs the session (pairing codes and channel lists need it). */
  local: boolean;
}

/**
 * Runs the one WhatsApp session of the deployment in this process, if it is a worker with
 * WHATSAPP_ENABLED and wins the session lease; publishes its status for API processes.
 */
@Injectable()
export class WhatsAppSessionHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WhatsApp');
  private session: WhatsAppSession | null = null;
  private leaseTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private restartCron: Cron | null = null;
  private persistChain: Promise<void> = Promise.resolve();
  private lastQrShown: string | null = null;
  private shuttingDown = false;
  private readonly readyListeners: Array<(client: WhatsAppClientPort) => void> = [];

  constructor(
    private readonly config: AppConfig,
    private readonly repository: WhatsAppRepository,
    private readonly identity: WorkerIdentity,
    @Inject(WHATSAPP_CLIENT_FACTORY) private readonly clientFactory: WhatsAppClientFactory,
    @Inject(WHATSAPP_SESSION_LEASE) private readonly lease: SessionLease,
  ) {}

  /** Whether this process is configured to run the session (it may still wait for the lease). */
  get runsHere(): boolean {
    return this.config.whatsapp.enabled && runsWorkers(this.config.role);
  }

  /** Called with the client each time the session becomes ready (resolve targets, resume posting). */
  onReady(listener: (client: WhatsAppClientPort) => void): void {
    this.readyListeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsHere) return;
    await this.tryTakeOver();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.leaseTimer);
    await this.stopSession();
    await this.lease.release();
  }

  /** The ready client of this process's session; throws when there is none (yet). */
  whenReady(timeoutMs: number): Promise<WhatsAppClientPort> {
    if (!this.session) return Promise.reject(new WhatsAppNotReadyError(this.runsHere ? 'disconnected' : 'disabled', 'no session in this process'));
    return this.session.whenReady(timeoutMs);
  }

  localSession(): WhatsAppSession | null {
    return this.session;
  }

  async status(): Promise<WhatsAppStatusView> {
    if (this.session) {
      const snap = this.session.snapshot();
      return { status: snap.status, lastError: snap.lastError, qrAvailable: snap.qrAvailable, holder: this.identity.id, local: true };
    }
    const row = await this.repository.loadSessionState();
    if (!row) {
      const waiting = this.runsHere ? 'waiting for the session lock held by another process' : null;
      return { status: this.runsHere ? 'disconnected' : 'disabled', lastError: waiting, qrAvailable: false, holder: null, local: false };
    }
    if (Date.now() - row.updatedAt.getTime() > STALE_AFTER_MS) {
      const lastError = `the process holding the session (${row.holder}) stopped reporting at ${row.updatedAt.toISOString()}`;
      return { status: 'disconnected', lastError, qrAvailable: false, holder: row.holder, local: false };
    }
    return { status: row.status as WhatsAppStatus, lastError: row.lastError, qrAvailable: row.qr !== null, holder: row.holder, local: false };
  }

  /** The pending login QR code as PNG, from this process or the published state. */
  async qrPng(): Promise<Buffer | null> {
    if (this.session) return this.session.qrPng();
    const view = await this.status();
    if (!view.qrAvailable) return null;
    const row = await this.repository.loadSessionState();
    return row?.qr ? qrToPng(row.qr) : null;
  }

  private async tryTakeOver(): Promise<void> {
    if (this.session || this.shuttingDown) return;
    let acquired = false;
    try {
      acquired = await this.lease.tryAcquire((reason) => void this.onLeaseLost(reason));
    } catch (err) {
      this.logger.warn({ msg: 'WhatsApp session lock could not be checked', err });
    }
    if (acquired) {
      clearInterval(this.leaseTimer);
      this.leaseTimer = undefined;
      this.startSession();
      return;
    }
    if (!this.leaseTimer) {
      this.logger.log('another process holds the WhatsApp session; standing by');
      this.leaseTimer = setInterval(() => void this.tryTakeOver(), SESSION_HEARTBEAT_MS);
      this.leaseTimer.unref();
    }
  }

  private startSession(): void {
    const { whatsapp } = this.config;
    const session = new WhatsAppSession(
      {
        enabled: true,
        dataDir: whatsapp.dataDir,
        executablePath: whatsapp.chromePath,
        clientId: whatsapp.clientId,
        webBuild: whatsapp.webBuild,
        loadTimeoutMs: whatsapp.loadTimeoutMs,
        readyTimeoutMs: whatsapp.readyTimeoutMs,
        backoff: { initialMs: whatsapp.backoff.initialMs, maxMs: whatsapp.backoff.maxMs, factor: 2 },
        restartEveryMs: null,
      },
      {
        clientFactory: this.clientFactory,
        logger: { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
        onQr: (qr) => void this.showQr(qr),
        onChange: (snapshot) => this.onSessionChange(snapshot),
      },
    );
    this.session = session;
    this.logger.log(`starting the WhatsApp session (Chromium ${whatsapp.chromePath})`);
    this.heartbeat = setInterval(() => this.publish(), SESSION_HEARTBEAT_MS);
    this.heartbeat.unref();
    if (whatsapp.restartHour !== undefined) {
      this.restartCron = new Cron(`0 ${whatsapp.restartHour} * * *`, { timezone: whatsapp.pacing.timeZone }, () => {
        void session.restartNow();
      });
    }
    // Launching Chromium takes seconds; the app does not wait for it.
    void session.start();
  }

  private async stopSession(): Promise<void> {
    clearInterval(this.heartbeat);
    this.restartCron?.stop();
    this.restartCron = null;
    const session = this.session;
    this.session = null;
    if (!session) return;
    // destroy(), never logout(): the device stays linked for the next start.
    await session.stop();
    this.persistChain = this.persistChain.then(async () => {
      const row = await this.repository.loadSessionState();
      if (row?.holder === this.identity.id) await this.repository.clearSessionState();
    }).catch((err: unknown) => this.logger.warn({ msg: 'WhatsApp status not cleared', err }));
    await this.persistChain;
  }

  private async onLeaseLost(reason: string): Promise<void> {
    this.logger.warn(`WhatsApp session stopped: ${reason}`);
    await this.stopSession();
    if (!this.shuttingDown) await this.tryTakeOver();
  }

  private onSessionChange(snapshot: WhatsAppStatusSnapshot): void {
    this.publish();
    if (snapshot.status !== 'ready' || !this.session) return;
    const client = this.session.readyClient();
    for (const listener of this.readyListeners) listener(client);
  }

  /** Publishes this process's session state (serialised, so rows are written in order). */
  private publish(): void {
    const session = this.session;
    if (!session) return;
    const snap = session.snapshot();
    const state = { status: snap.status, lastError: snap.lastError, qr: session.pendingQr(), holder: this.identity.id, updatedAt: new Date() };
    this.persistChain = this.persistChain
      .then(() => this.repository.saveSessionState(state))
      .catch((err: unknown) => this.logger.warn({ msg: 'WhatsApp status not published', err }));
  }

  /** Once per new QR code: on the terminal, and in the log (JSON logs carry it as `qrTerminal`). */
  private async showQr(qr: string): Promise<void> {
    if (qr === this.lastQrShown) return;
    this.lastQrShown = qr;
    const text = await qrToTerminalText(qr).catch(() => null);
    this.logger.log({
      msg: 'WhatsApp login needed: scan the QR code (WhatsApp → Linked devices), GET /api/whatsapp/qr, or request a pairing code',
      qrTerminal: text,
    });
    if (text && process.stdout.isTTY) process.stdout.write(`${text}\n`);
  }
}
