import { createServer } from 'node:net';
import { spawnService, waitForHttp } from '../support/spawn-service.js';
import { createTestDatabase } from '../support/test-database.js';
import { TEST_SECRET_KEY } from '../support/test-config.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the service as a process', () => {
  it('refuses to boot on bad configuration, naming every bad variable', async () => {
    const service = spawnService({ PORT: '99999', ROLE: 'boss', DATABASE_URL: 'mysql://nope' });
    expect(await service.exited).toBe(78);
    const output = service.output();
    expect(output).toContain('PORT:');
    expect(output).toContain('ROLE: must be all, api or worker');
    expect(output).toContain('DATABASE_URL: must start with postgres://');
  });

  it('starts on the configured database, becomes healthy, and exits cleanly on SIGTERM', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: database.dataDir,
      DATABASE_URL: database.url,
      SECRET_KEY: TEST_SECRET_KEY,
      WORKER_HEARTBEAT_MS: '1000',
    };
    const service = spawnService(env);
    try {
      const health = await waitForHttp(`http://127.0.0.1:${port}/health`);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(service.output()).toContain('Postbote started');
      const password = new URL(database.url).password;
      if (password) expect(service.output()).not.toContain(password);
    } finally {
      service.child.kill('SIGKILL');
      await database.drop();
    }
  });
});
