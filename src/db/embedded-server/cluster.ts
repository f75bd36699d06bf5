import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedServerError } from './embedded-server.error.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import type { ServerUser } from './server-user.js';

/** The superuser initdb creates; Postbote connects as it, over the socket, with a password. */
export const SERVER_ROLE = 'postbote';

export interface ClusterPaths {
  dataDir: string;
  /** The PostgreSQL data directory: DATA_DIR/postgres. */
  pgdata: string;
  passwordFile: string;
  logFile: string;
}

export function clusterPaths(dataDir: string): ClusterPaths {
  return {
    dataDir,
    pgdata: join(dataDir, 'postgres'),
    passwordFile: join(dataDir, 'postgres.password'),
    logFile: join(dataDir, 'postgres.log'),
  };
}

/**
 * Refuses data this build cannot serve: the database of the earlier PGlite-based version, or a
 * cluster made by another PostgreSQL major version (PG_VERSION is where the server records it).
 */
export function assertUsableDataDir(paths: ClusterPaths, major: number): void {
  const pglite = join(paths.dataDir, 'pglite');
  if (existsSync(pglite)) {
    throw new EmbeddedServerError(
      `DATA_DIR ${paths.dataDir} holds a database of an earlier Postbote version (PGlite, in ${pglite}), which this version cannot read: ` +
        'it runs a PostgreSQL server in DATA_DIR/postgres instead. Start with an empty DATA_DIR (move this one aside), or set DATABASE_URL to an external PostgreSQL.',
    );
  }
  const versionFile = join(paths.pgdata, 'PG_VERSION');
  if (!existsSync(versionFile)) return;
  const found = readFileSync(versionFile, 'utf8').trim();
  if (found !== String(major)) {
    throw new EmbeddedServerError(
      `the database in ${paths.pgdata} was created by PostgreSQL ${found}, but this Postbote bundles PostgreSQL ${major}, which cannot open it. ` +
        'Upgrading a data directory in place (pg_upgrade) is not supported: go back to the previous Postbote version, run `npm run cli -- backup <file>`, ' +
        'then start this version on an empty DATA_DIR and run `npm run cli -- restore <file>`.',
    );
  }
}

export function clusterExists(paths: ClusterPaths): boolean {
  return existsSync(join(paths.pgdata, 'PG_VERSION'));
}

export function readPassword(paths: ClusterPaths): string {
  try {
    return readFileSync(paths.passwordFile, 'utf8').trim();
  } catch {
    throw new EmbeddedServerError(`the password of the embedded PostgreSQL server (${paths.passwordFile}) is missing; restore it from the backup of this DATA_DIR.`);
  }
}

/**
 * Creates the cluster. initdb works in a side directory that is renamed into place only when it
 * succeeded, so a boot killed half-way leaves nothing that looks like a database.
 */
export async function initCluster(paths: ClusterPaths, binaries: PostgresBinaries, user: ServerUser | undefined): Promise<void> {
  const staging = `${paths.pgdata}.initdb`;
  const pwfile = `${paths.pgdata}.pwfile`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) for (const path of [staging, pwfile]) chownSync(path, user.uid, user.gid);
  try {
    await run(binaries.initdb, [
      `--pgdata=${staging}`,
      `--username=${SERVER_ROLE}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      // Unicode case mapping without depending on the host's locales.
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C',
    ], paths.dataDir, user);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(pwfile, { force: true });
  }
  writeFileSync(paths.passwordFile, `${password}\n`, { mode: 0o600 });
  renameSync(staging, paths.pgdata);
}

function run(command: string, args: string[], cwd: string, user: ServerUser | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_MESSAGES: 'C', TZ: 'UTC' },
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new EmbeddedServerError(`initdb failed (exit code ${code}) creating the embedded PostgreSQL cluster:\n${output.trim().split('\n').slice(-10).join('\n')}`)),
    );
  });
}
