// Memory of a Postbote process and of the embedded PostgreSQL server it uses, from /proc (Linux).
// The server's processes share memory (shared_buffers), so their RSS values cannot be added up:
// PSS (proportional set size) splits shared pages between them and does add up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Resident set size of one process, in MB. */
export function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

function pssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n').find((l) => l.startsWith('Pss:'));
    return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
  } catch {
    return 0; // ended meanwhile
  }
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** The embedded server of DATA_DIR: its postmaster and every child; PSS summed, in MB. */
export function embeddedServerMemory(dataDir) {
  let postmaster;
  try {
    postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return { processes: 0, pssMb: 0 };
  }
  const pids = [postmaster, ...readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => parentOf(pid) === postmaster)];
  return { processes: pids.length, pssMb: pids.reduce((sum, pid) => sum + pssMb(pid), 0) };
}
