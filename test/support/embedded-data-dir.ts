import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A DATA_DIR for tests that run Postbote on its own embedded server (not the run's shared one).
 * As root the server runs as the postgres user, who must be able to enter the directory.
 */
export function createEmbeddedDataDir(): { dataDir: string; remove(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'postbote-embedded-'));
  chmodSync(dataDir, 0o711);
  return {
    dataDir,
    remove: () => {
      for (const pid of postgresProcessesOf(dataDir)) killQuietly(pid);
      // A killed server may still be writing for a moment: retry the removal.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Pids of postgres processes serving DATA_DIR/postgres (the postmaster; its children follow it). */
export function postgresProcessesOf(dataDir: string): number[] {
  const pgdata = join(dataDir, 'postgres');
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('/postgres') && argv.includes(pgdata)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const execFileAsync = promisify(execFile);

/** `npm run cli -- …` against a DATA_DIR: the built CLI as a real process. */
export async function runCli(dataDir: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, ['dist/cli.js', ...args], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir } });
}

/** The URL a Postbote process on this DATA_DIR connects with (while its server runs). */
export function embeddedUrl(dataDir: string): string {
  const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
  return `postgres://postbote:${encodeURIComponent(password)}@localhost/postbote?host=${encodeURIComponent(join(dataDir, 'postgres'))}`;
}
