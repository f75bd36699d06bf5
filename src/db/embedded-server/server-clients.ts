import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './data-dir-lock.js';

/**
 * The Postbote processes attached to the shared server, one empty file per pid. Only touched under
 * the data-dir lock. A process killed with -9 leaves its file; it is pruned when its pid is dead.
 */
export class ServerClients {
  constructor(private readonly dir: string) {}

  add(pid = process.pid): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(this.dir, String(pid)), '');
  }

  remove(pid = process.pid): void {
    rmSync(join(this.dir, String(pid)), { force: true });
  }

  /** Live attached processes other than this one; files of dead ones are removed on the way. */
  others(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const live: number[] = [];
    for (const name of names) {
      const pid = Number(name);
      if (pid === process.pid) continue;
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(pid);
      else rmSync(join(this.dir, name), { force: true });
    }
    return live;
  }
}
