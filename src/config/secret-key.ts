import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * On the embedded default the service must start with no configuration, yet signed links must
 * survive a restart: keep a generated key in DATA_DIR, where every process on it finds the same one.
 * Processes starting together on a fresh DATA_DIR race to create it: the key is written to a file
 * of the process's own and published with link(), which is atomic and fails if another process
 * won, so nobody ever reads a half-written key and every process ends up with the winner's.
 */
export function loadOrCreateSecretKey(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readKey(file);
  mkdirSync(dataDir, { recursive: true });
  const draft = join(dataDir, `secret.key.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(draft, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return readKey(file);
}

function readKey(file: string): string {
  return readFileSync(file, 'utf8').trim();
}
