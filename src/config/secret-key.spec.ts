import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecretKey } from './secret-key.js';

describe('loadOrCreateSecretKey', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'postbote-key-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a key once and returns the same key afterwards, leaving no draft files', () => {
    const key = loadOrCreateSecretKey(dataDir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(loadOrCreateSecretKey(dataDir)).toBe(key);
    expect(readdirSync(dataDir)).toEqual(['secret.key']);
  });

  it('gives processes racing on a fresh directory one and the same key', async () => {
    // The compiled module, as the service runs it: several processes create the key at once.
    const script = `import('${join(process.cwd(), 'dist/config/secret-key.js')}').then((m) => process.stdout.write(m.loadOrCreateSecretKey(process.argv[1])))`;
    const keys = await Promise.all(
      Array.from({ length: 6 }, () => new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script, dataDir]);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      })),
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dataDir)).toEqual(['secret.key']);
  });
});
