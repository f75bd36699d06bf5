import { execFileSync, spawnSync } from 'node:child_process';
import { EmbeddedServerError } from './embedded-server.error.js';

/** The operating-system account the server processes run as, when it is not our own. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

// The account Debian's and most distributions' PostgreSQL packages create; we never create one.
const SERVER_ACCOUNT = 'postgres';

/**
 * PostgreSQL refuses to run as root. A normal user runs the server as itself (undefined); root
 * runs it as the existing unprivileged `postgres` account, or stops with the ways out.
 */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', SERVER_ACCOUNT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', SERVER_ACCOUNT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0) return { name: SERVER_ACCOUNT, uid, gid };
  } catch {
    // no such account: fall through to the explanation
  }
  throw new EmbeddedServerError(
    `Postbote runs as root, and PostgreSQL refuses to run as root. There is no unprivileged "${SERVER_ACCOUNT}" system user to run the embedded server as. ` +
      `Run Postbote as a normal user, create a "${SERVER_ACCOUNT}" system user, or set DATABASE_URL to use an external PostgreSQL.`,
  );
}

/** As root, the server's user needs search permission on DATA_DIR and every folder above it. */
export function assertReachableBy(dir: string, user: ServerUser | undefined): void {
  if (!user) return;
  const probe = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'probe', dir], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' });
  if (probe.status === 0) return;
  throw new EmbeddedServerError(
    `Postbote runs as root, so the embedded PostgreSQL server runs as the "${user.name}" user, who cannot reach DATA_DIR ${dir}. ` +
      `Give it search permission on that folder and the folders above it (chmod o+x), choose a DATA_DIR it can reach, run Postbote as a normal user, or set DATABASE_URL.`,
  );
}
