import { jest } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createEmbeddedDataDir, postgresProcessesOf, postmasterPid, runCli } from '../support/embedded-data-dir.js';
import { spawnService, waitForHttp, type ServiceProcess } from '../support/spawn-service.js';
import { waitFor } from '../support/wait-for.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface HealthBody {
  status: string;
  checks: { database: { ok: boolean; detail: string } };
}

/**
 * The service on its default: no DATABASE_URL, a PostgreSQL server of its own in DATA_DIR/postgres,
 * shared with the CLI, surviving kill -9 of Postbote and of the server itself.
 */
// Each test boots the service two or three times, on a cluster created for it.
jest.setTimeout(400_000);

describe('the embedded PostgreSQL server', () => {
  let dir: ReturnType<typeof createEmbeddedDataDir>;
  let port: number;
  const services: ServiceProcess[] = [];

  beforeEach(async () => {
    dir = createEmbeddedDataDir();
    port = await freePort();
  });

  afterEach(() => {
    for (const service of services.splice(0)) service.child.kill('SIGKILL');
    dir.remove();
  });

  function start(): ServiceProcess {
    const service = spawnService({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir.dataDir, WORKER_HEARTBEAT_MS: '1000' });
    services.push(service);
    return service;
  }

  async function health(): Promise<{ status: number; body: HealthBody }> {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    return { status: response.status, body: (await response.json()) as HealthBody };
  }

  async function createToken(name: string): Promise<void> {
    const { stdout } = await runCli(dir.dataDir, ['tokens:create', '--name', name, '--role', 'admin']);
    expect(stdout).toContain(`Created admin token "${name}"`);
  }

  async function tokenNames(): Promise<string> {
    return (await runCli(dir.dataDir, ['tokens:list'])).stdout;
  }

  it('creates the cluster on first start, serves the CLI while running, keeps data across a restart, and SIGTERM leaves no postgres behind', async () => {
    const first = start();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    expect(readFileSync(join(dir.dataDir, 'postgres', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    expect(first.output()).toContain('embedded PostgreSQL');
    // The CLI attaches to the service's server instead of refusing.
    await createToken('while-running');
    expect(postgresProcessesOf(dir.dataDir).length).toBeGreaterThan(0);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(postgresProcessesOf(dir.dataDir)).toEqual([]);

    const second = start();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    expect(await tokenNames()).toContain('while-running');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(postgresProcessesOf(dir.dataDir)).toEqual([]);
  });

  it('after kill -9 of Postbote, the next start reuses the orphaned server with the data intact', async () => {
    const first = start();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    await createToken('before-crash');
    const orphan = postmasterPid(dir.dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(postgresProcessesOf(dir.dataDir)).toContain(orphan);

    const second = start();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    expect(second.output()).not.toContain('lock file');
    expect(postmasterPid(dir.dataDir)).toBe(orphan);
    expect(await tokenNames()).toContain('before-crash');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(postgresProcessesOf(dir.dataDir)).toEqual([]);
  });

  it('when the server itself is killed, /health answers 503 naming the database, and Postbote restarts it', async () => {
    const service = start();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    process.kill(postmasterPid(dir.dataDir), 'SIGKILL');

    const down = await waitFor(async () => {
      const answer = await health();
      return answer.status === 503 ? answer : undefined;
    }, '503 from /health');
    expect(down.body.checks.database.ok).toBe(false);
    expect(down.body.checks.database.detail).toMatch(/PostgreSQL/);

    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    await createToken('after-server-crash');
    expect(service.output()).toMatch(/stopped unexpectedly/);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(postgresProcessesOf(dir.dataDir)).toEqual([]);
  });

  it('cleans up a stale postmaster.pid whose process is gone', async () => {
    const first = start();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    first.child.kill('SIGTERM');
    await first.exited;
    // A pid file naming a live process that is not this directory's server (a reused pid).
    const pidFile = join(dir.dataDir, 'postgres', 'postmaster.pid');
    writeFileSync(pidFile, `${process.pid}\n${join(dir.dataDir, 'postgres')}\n0\n5432\n\n\n0 0\nready   \n`);

    const second = start();
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    expect(second.output()).toContain('stale postmaster.pid');
    expect(existsSync(pidFile)).toBe(true);
    expect(postmasterPid(dir.dataDir)).not.toBe(process.pid);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
