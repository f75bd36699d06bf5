import { jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedServer } from '#src/db/embedded-server/embedded-server.js';
import { createEmbeddedDataDir, embeddedUrl, runCli } from '../support/embedded-data-dir.js';
import { spawnService, waitForHttp, type ServiceProcess } from '../support/spawn-service.js';
import { TEST_BOOTSTRAP_TOKEN } from '../support/test-config.js';
import { NEWSLETTER_BODY } from './delivery/delivery-harness.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every table of Postbote's schema as sorted row text: equal snapshots mean equal data. */
async function snapshot(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      // Heartbeats change every second while the source service runs.
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('postbote_migrations', 'worker_heartbeats') ORDER BY 1",
    );
    const result: Record<string, string[]> = {};
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t ORDER BY 1`);
      result[name] = rows.rows.map((r) => r.row);
    }
    return result;
  } finally {
    await client.end();
  }
}

// Two clusters and several processes per test.
jest.setTimeout(400_000);

describe('backup and restore (npm run cli -- backup / restore)', () => {
  const dirs: ReturnType<typeof createEmbeddedDataDir>[] = [];
  const services: ServiceProcess[] = [];

  afterEach(() => {
    for (const service of services.splice(0)) service.child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) dir.remove();
  });

  async function start(dataDir: string): Promise<{ port: number; service: ServiceProcess }> {
    const port = await freePort();
    const service = spawnService({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, BOOTSTRAP_ADMIN_TOKEN: TEST_BOOTSTRAP_TOKEN });
    services.push(service);
    await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
    return { port, service };
  }

  it('takes a backup while the service runs and restores it into a fresh DATA_DIR with every row intact', async () => {
    const source = createEmbeddedDataDir();
    const target = createEmbeddedDataDir();
    dirs.push(source, target);
    const running = await start(source.dataDir);
    // Data with characters COPY must escape (backslash, quotes, umlauts) and a NULL-able column.
    const created = await fetch(`http://127.0.0.1:${running.port}/api/newsletters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...NEWSLETTER_BODY, slug: 'morgen', name: String.raw`Früh \ "Morgen" 'Post'` }),
    });
    expect(created.status).toBe(201);
    await runCli(source.dataDir, ['tokens:create', '--name', 'ops', '--role', 'editor']);

    const file = join(source.dataDir, 'backup.txt');
    const backup = await runCli(source.dataDir, ['backup', file]);
    expect(backup.stdout).toMatch(/backed up \d+ rows of \d+ tables/);
    const original = await snapshot(embeddedUrl(source.dataDir));

    const restored = await runCli(target.dataDir, ['restore', file]);
    expect(restored.stdout).toMatch(/restored \d+ rows of \d+ tables/);
    // The CLI was the only process on the target: it stopped the server it started.
    expect(existsSync(join(target.dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const server = await EmbeddedServer.attach({ dataDir: target.dataDir });
    try {
      expect(await snapshot(server.url)).toEqual(original);
    } finally {
      await server.detach();
    }
    expect((await runCli(target.dataDir, ['tokens:list'])).stdout).toContain('ops');
  });

  it('refuses to restore into a database that already has data, changing nothing', async () => {
    const dir = createEmbeddedDataDir();
    dirs.push(dir);
    await runCli(dir.dataDir, ['tokens:create', '--name', 'first', '--role', 'admin']);
    const file = join(dir.dataDir, 'backup.txt');
    await runCli(dir.dataDir, ['backup', file]);
    await expect(runCli(dir.dataDir, ['restore', file])).rejects.toThrow(/not empty \(table api_tokens has rows\)/);
    expect((await runCli(dir.dataDir, ['tokens:list'])).stdout.match(/first/g)).toHaveLength(1);
  });
});
