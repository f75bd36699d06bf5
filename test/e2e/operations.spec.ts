import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('operations endpoints', () => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(testConfig(database));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
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

  it('runs a queue probe through a worker', async () => {
    const response = await app.request('/api/system/queue-probe?timeoutMs=15000', { method: 'POST', token: TEST_BOOTSTRAP_TOKEN });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { handledBy: string; latencyMs: number };
    expect(body.handledBy).toContain(`:${process.pid}:`);
    expect(body.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

describe('health without workers', () => {
  it('answers 503 naming the failing check when no worker is alive', async () => {
    const database = await createTestDatabase();
    const app = await startTestApp(testConfig(database, { role: 'api' }));
    try {
      const response = await app.request('/health');
      expect(response.status).toBe(503);
      const report = (await response.json()) as { checks: { workers: { ok: boolean; detail: string } } };
      expect(report.checks.workers.ok).toBe(false);
      expect(report.checks.workers.detail).toContain('no worker has reported');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('worker role', () => {
  it('serves only /health and /metrics', async () => {
    const database = await createTestDatabase();
    const app = await startTestApp(testConfig(database, { role: 'worker' }));
    try {
      expect((await app.request('/health')).status).toBe(200);
      expect((await app.request('/metrics')).status).toBe(200);
      const api = await app.request('/api/tokens', { token: TEST_BOOTSTRAP_TOKEN });
      expect(api.status).toBe(404);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
