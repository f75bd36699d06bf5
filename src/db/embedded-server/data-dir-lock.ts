import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedServerError } from './embedded-server.error.js';

// A lock file with no pid yet is being written; only after this long is it taken for abandoned.
const EMPTY_LOCK_GRACE_MS = 5_000;

/**
 * Runs `work` while holding a lock file that names this process. Starting, attaching to and
 * stopping the shared server happen under it, so two processes never start two servers or stop
 * one that the other just attached to. A lock left by a dead process is taken over.
 */
export async function withDataDirLock<T>(lockFile: string, work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isAbandoned(lockFile)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new EmbeddedServerError(`timed out waiting for ${lockFile} (held by process ${holderOf(lockFile) ?? 'unknown'})`);
    await sleep(50);
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function isAbandoned(lockFile: string): boolean {
  const holder = holderOf(lockFile);
  if (holder === undefined) {
    try {
      return Date.now() - statSync(lockFile).mtimeMs > EMPTY_LOCK_GRACE_MS;
    } catch {
      return false; // released meanwhile: the next attempt takes it
    }
  }
  return !isAlive(holder);
}

function holderOf(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
