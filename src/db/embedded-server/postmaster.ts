import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedServerError } from './embedded-server.error.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import type { ServerUser } from './server-user.js';

/** Only the socket's file name depends on it: the server listens on no TCP port. */
export const SOCKET_PORT = 5432;

export interface PostmasterState {
  pid: number;
  /** `starting`, `stopping`, `ready` or `standby` (line 8 of postmaster.pid). */
  status: string;
}

/** What the running server says about itself in `postmaster.pid`, if that file is there. */
export function readPostmasterPid(pgdata: string): PostmasterState | undefined {
  let text: string;
  try {
    text = readFileSync(join(pgdata, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, status: (lines[7] ?? '').trim() } : undefined;
}

/**
 * True only if `pid` is a live postgres postmaster started with `-D <pgdata>`: a pid file can
 * outlive its process and its number can be reused, so nothing is signalled on the file's word.
 */
export function isPostmasterOf(pid: number, pgdata: string): boolean {
  const argv = commandLine(pid);
  if (!argv || basename(argv[0] ?? '') !== 'postgres') return false;
  const flag = argv.indexOf('-D');
  return flag >= 0 && argv[flag + 1] === pgdata;
}

function commandLine(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.split('\0').filter(Boolean) : undefined; // a zombie has an empty command line
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || existsSync('/proc/self')) return undefined;
  }
  try {
    // Without /proc (macOS) ps prints the command line; paths with spaces make this approximate.
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** The server's lock files, after its process is proved gone (a crash or a kill -9 leaves them). */
export function removeStaleLockFiles(pgdata: string): void {
  for (const file of ['postmaster.pid', `.s.PGSQL.${SOCKET_PORT}.lock`, `.s.PGSQL.${SOCKET_PORT}`]) rmSync(join(pgdata, file), { force: true });
}

export interface StartOptions {
  binaries: PostgresBinaries;
  pgdata: string;
  user: ServerUser | undefined;
  logFile: string;
  /** Extra `-c name=value` settings (the tests turn off fsync). */
  settings: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Starts the postmaster in a session of its own, so a Ctrl-C meant for Postbote reaches Postbote
 * (which drains its jobs first) and not the database under it. Resolves with its pid once ready.
 */
export async function startPostmaster(options: StartOptions): Promise<number> {
  const { binaries, pgdata, user, logFile, settings, timeoutMs = 60_000 } = options;
  const allSettings: Record<string, string> = { listen_addresses: '', unix_socket_directories: pgdata, port: String(SOCKET_PORT), ...settings };
  const args = ['-D', pgdata, ...Object.entries(allSettings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  const log = openSync(logFile, 'a', 0o600);
  let exitCode: number | null | undefined;
  try {
    const child = spawn(binaries.postgres, args, {
      detached: true,
      cwd: pgdata,
      stdio: ['ignore', log, log],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_MESSAGES: 'C', TZ: 'UTC' },
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    child.once('exit', (code, signal) => (exitCode = code ?? (signal ? -1 : null)));
    child.once('error', () => (exitCode = -1));
    child.unref();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) break;
      const state = readPostmasterPid(pgdata);
      if (state && state.pid === child.pid && state.status === 'ready') return state.pid;
      await sleep(25);
    }
    if (exitCode === undefined && child.pid) child.kill('SIGQUIT');
  } finally {
    closeSync(log);
  }
  throw new EmbeddedServerError(`the embedded PostgreSQL server in ${pgdata} did not start. Its log (${logFile}) ends with:\n${logTail(logFile)}`);
}

/** Fast shutdown (SIGINT: sessions end, no waiting for clients); immediate (SIGQUIT) if it hangs. */
export async function stopPostmaster(pid: number, pgdata: string, timeoutMs = 30_000): Promise<void> {
  if (!isPostmasterOf(pid, pgdata)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isPostmasterOf(pid, pgdata)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await sleep(500);
      return;
    }
    await sleep(25);
  }
}

export function logTail(logFile: string, lines = 15): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
