import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { DATABASE, DB } from '#src/db/db.module.js';
import type { Database, Db } from '#src/db/database.js';
import { pendingMigrations } from '#src/db/migrator.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { SystemRepository } from '#src/system/system.repository.js';

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { database: CheckResult; migrations: CheckResult; workers: CheckResult };
}

// A worker counts as alive if it beat within this many heartbeat intervals.
const MISSED_BEATS_TOLERATED = 3;

@Injectable()
export class HealthService {
  constructor(
    private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(DATABASE) private readonly database: Database,
    private readonly system: SystemRepository,
    private readonly jobs: JobsService,
  ) {}

  async check(): Promise<HealthReport> {
    const database = await this.checkDatabase();
    const migrations = database.ok ? await this.checkMigrations() : { ok: false, detail: 'database unreachable' };
    const workers = database.ok ? await this.checkWorkers() : { ok: false, detail: 'database unreachable' };
    const ok = database.ok && migrations.ok && workers.ok;
    return { status: ok ? 'ok' : 'unavailable', checks: { database, migrations, workers } };
  }

  private async checkDatabase(): Promise<CheckResult> {
    // The embedded server's watcher knows it is down (and being restarted) before a query fails.
    const server = this.database.serverHealth();
    if (server && !server.ok) return { ok: false, detail: server.detail };
    try {
      await this.system.ping();
      return { ok: true, detail: 'reachable' };
    } catch (error) {
      return { ok: false, detail: `${this.database.description}: query failed: ${(error as Error).message}` };
    }
  }

  private async checkMigrations(): Promise<CheckResult> {
    const pending = await pendingMigrations(this.db);
    return pending.length === 0 ? { ok: true, detail: 'current' } : { ok: false, detail: `pending: ${pending.join(', ')}` };
  }

  private async checkWorkers(): Promise<CheckResult> {
    if (runsWorkers(this.config.role) && !this.jobs.isTakingJobs) return { ok: false, detail: 'this process is not taking jobs' };
    const since = new Date(Date.now() - MISSED_BEATS_TOLERATED * this.config.jobs.heartbeatMs);
    const alive = await this.system.heartbeatsSince(since);
    if (alive.length === 0) return { ok: false, detail: `no worker has reported since ${since.toISOString()}` };
    return { ok: true, detail: `${alive.length} worker(s) alive` };
  }
}
