import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import type { TestApp } from '../support/test-app.js';
import { useTestApp } from '../support/use-test-app.js';
import { TEST_BOOTSTRAP_TOKEN } from '../support/test-config.js';

describe('operations endpoints', () => {
  const context = useTestApp();
  let app: TestApp;
  beforeAll(() => {
    app = context.app;
  });

  it('reports healthy with database, migrations and a live worker', async () => {
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: {
        database: { ok: true, detail: 'reachable' },
        migrations: { ok: true, detail: 'current' },
        workers: { ok: true, detail: '1 worker(s) alive' },
      },
    });
  });

  it('serves Prometheus metrics including request timings', async () => {
    await app.request('/health');
    const response = await app.request('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('postbote_process_resident_memory_bytes');
    expect(text).toMatch(/postbote_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
  });

  it('schedules the daily purge of unconfirmed sign-ups at boot', async () => {
    const database = app.app.get<Database>(DATABASE);
    const jobs = await database.executeSql(`SELECT data FROM pgboss.job WHERE name = 'subscribers.purge-pending'`);
    expect(jobs.rows).toEqual([{ data: { day: new Date().toISOString().slice(0, 10) } }]);
    expect(app.logs.join('\n')).not.toContain('could not enqueue the pending purge');
  });

  it('runs a queue probe through a worker', async () => {
    const response = await app.request('/api/system/queue-probe?timeoutMs=15000', { method: 'POST', token: TEST_BOOTSTRAP_TOKEN });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { handledBy: string; latencyMs: number };
    expect(body.handledBy).toContain(`:${process.pid}:`);
    expect(body.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

describe('health without workers', () => {
  const context = useTestApp({ role: 'api' });

  it('answers 503 naming the failing check when no worker is alive', async () => {
    const response = await context.app.request('/health');
    expect(response.status).toBe(503);
    const report = (await response.json()) as { checks: { workers: { ok: boolean; detail: string } } };
    expect(report.checks.workers.ok).toBe(false);
    expect(report.checks.workers.detail).toContain('no worker has reported');
  });
});

describe('worker role', () => {
  const context = useTestApp({ role: 'worker' });

  it('serves only /health and /metrics', async () => {
    expect((await context.app.request('/health')).status).toBe(200);
    expect((await context.app.request('/metrics')).status).toBe(200);
    const api = await context.app.request('/api/tokens', { token: TEST_BOOTSTRAP_TOKEN });
    expect(api.status).toBe(404);
  });
});
