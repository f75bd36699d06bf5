import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { assertUsableDataDir, clusterExists, clusterPaths, initCluster, readPassword, SERVER_ROLE, type ClusterPaths } from './cluster.js';
import { withDataDirLock } from './data-dir-lock.js';
import { locateBinaries, type PostgresBinaries } from './postgres-binaries.js';
import { isPostmasterOf, readPostmasterPid, removeStaleLockFiles, startPostmaster, stopPostmaster } from './postmaster.js';
import { ServerClients } from './server-clients.js';
import { assertReachableBy, serverUser, type ServerUser } from './server-user.js';

export interface EmbeddedServerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface EmbeddedServerOptions {
  dataDir: string;
  /** Extra server settings (`-c name=value`); the test harness turns off fsync. */
  settings?: Record<string, string>;
  logger?: EmbeddedServerLogger;
  /** How often an attached process checks that the server is still there. */
  watchIntervalMs?: number;
  restartBackoff?: { initialMs: number; maxMs: number };
}

export interface ServerHealth {
  ok: boolean;
  detail: string;
}

/** The database Postbote's tables live in; created on the first start. */
export const APP_DATABASE = 'postbote';

const quiet: EmbeddedServerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A PostgreSQL server in DATA_DIR/postgres shared by every Postbote process on that DATA_DIR (the
 * service, `npm run cli`, api and worker processes). Lifetime: the first process to attach starts
 * it, the last one to detach stops it (fast shutdown); a server left running by a process killed
 * with -9 is found through postmaster.pid, proved to serve this directory, and reused. While
 * attached, each process watches the server and restarts it with backoff if it dies.
 */
export class EmbeddedServer {
  private readonly clients: ServerClients;
  private readonly logger: EmbeddedServerLogger;
  private password = '';
  private watchTimer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private down: { since: Date; attempts: number; lastError?: string } | undefined;
  private detached = false;

  private constructor(
    private readonly paths: ClusterPaths,
    private readonly binaries: PostgresBinaries,
    private readonly user: ServerUser | undefined,
    private readonly options: EmbeddedServerOptions,
  ) {
    this.clients = new ServerClients(join(paths.dataDir, 'postgres.clients'));
    this.logger = options.logger ?? quiet;
  }

  static async attach(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
    mkdirSync(options.dataDir, { recursive: true });
    const user = serverUser();
    assertReachableBy(options.dataDir, user);
    const binaries = await locateBinaries(user);
    const paths = clusterPaths(options.dataDir);
    assertUsableDataDir(paths, binaries.major);
    const server = new EmbeddedServer(paths, binaries, user, options);
    await server.locked(async () => {
      await server.ensureRunning();
      server.clients.add();
    });
    server.watch();
    return server;
  }

  /** Connection URL of Postbote's database: over the Unix socket, with the generated password. */
  get url(): string {
    return this.urlFor(APP_DATABASE);
  }

  urlFor(database: string): string {
    return `postgres://${SERVER_ROLE}:${encodeURIComponent(this.password)}@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(this.paths.pgdata)}`;
  }

  get description(): string {
    return `embedded PostgreSQL ${this.binaries.major} in ${this.paths.pgdata}`;
  }

  health(): ServerHealth {
    if (!this.down) return { ok: true, detail: `${this.description} is running` };
    const error = this.down.lastError ? ` (last attempt: ${this.down.lastError})` : '';
    return { ok: false, detail: `${this.description} stopped unexpectedly at ${this.down.since.toISOString()}; restarting, attempt ${this.down.attempts}${error}` };
  }

  /** Leaves the server; the last process attached stops it. */
  async detach(): Promise<void> {
    if (this.detached) return;
    this.detached = true;
    clearInterval(this.watchTimer);
    await this.restarting?.catch(() => undefined);
    await this.locked(async () => {
      this.clients.remove();
      const others = this.clients.others();
      const state = readPostmasterPid(this.paths.pgdata);
      if (others.length > 0 || !state) return;
      this.logger.log(`stopping ${this.description} (no other Postbote process is attached)`);
      await stopPostmaster(state.pid, this.paths.pgdata);
    });
  }

  /**
   * For an exit hook, which cannot wait: asks the server for a fast shutdown if this process is
   * the last one attached. The server finishes on its own.
   */
  detachNow(): void {
    if (this.detached) return;
    this.detached = true;
    clearInterval(this.watchTimer);
    this.clients.remove();
    const state = readPostmasterPid(this.paths.pgdata);
    if (this.clients.others().length === 0 && state && isPostmasterOf(state.pid, this.paths.pgdata)) process.kill(state.pid, 'SIGINT');
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return withDataDirLock(join(this.paths.dataDir, 'postgres.lock'), work);
  }

  /** Under the lock: create the cluster if needed, then reuse the running server or start one. */
  private async ensureRunning(): Promise<void> {
    if (!clusterExists(this.paths)) {
      this.logger.log(`creating ${this.description} (first start)`);
      await initCluster(this.paths, this.binaries, this.user);
    }
    this.password = readPassword(this.paths);
    if (await this.reuseRunning()) return;
    const pid = await startPostmaster({ binaries: this.binaries, pgdata: this.paths.pgdata, user: this.user, logFile: this.paths.logFile, settings: this.options.settings ?? {} });
    this.logger.log(`started ${this.description} (pid ${pid})`);
    await this.ensureAppDatabase();
  }

  private async reuseRunning(): Promise<boolean> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const state = readPostmasterPid(this.paths.pgdata);
      if (!state) return false;
      if (!isPostmasterOf(state.pid, this.paths.pgdata)) {
        this.logger.warn(`removing the stale postmaster.pid of process ${state.pid}, which is not this directory's PostgreSQL server (it crashed or was killed)`);
        removeStaleLockFiles(this.paths.pgdata);
        return false;
      }
      if (state.status === 'ready') return true;
      // `starting` (crash recovery) or `stopping` (the last process leaving): wait for it to settle.
      if (Date.now() > deadline) return true;
      await sleep(50);
    }
  }

  private async ensureAppDatabase(): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${APP_DATABASE}`);
    } finally {
      await client.end();
    }
  }

  private watch(): void {
    this.watchTimer = setInterval(() => {
      if (this.restarting || this.detached) return;
      const state = readPostmasterPid(this.paths.pgdata);
      if (state && isPostmasterOf(state.pid, this.paths.pgdata)) return;
      this.restarting = this.restart().finally(() => (this.restarting = undefined));
    }, this.options.watchIntervalMs ?? 1000);
    this.watchTimer.unref();
  }

  private async restart(): Promise<void> {
    const { initialMs, maxMs } = this.options.restartBackoff ?? { initialMs: 500, maxMs: 30_000 };
    const down: NonNullable<EmbeddedServer['down']> = { since: new Date(), attempts: 0 };
    this.down = down;
    this.logger.error(`${this.description} stopped unexpectedly; restarting it`);
    for (let delay = initialMs; !this.detached; delay = Math.min(delay * 2, maxMs)) {
      down.attempts++;
      try {
        await this.locked(() => this.ensureRunning());
        this.logger.log(`${this.description} is back after ${down.attempts} attempt(s)`);
        this.down = undefined;
        return;
      } catch (error) {
        down.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`restarting ${this.description} failed (attempt ${down.attempts}): ${down.lastError}`);
        await sleep(delay);
      }
    }
  }
}
