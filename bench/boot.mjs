/* global fetch */
// npm run bench:boot — how long Postbote takes from `node dist/main.js` to a healthy /health, and
// how much memory it then holds, on the embedded PostgreSQL server (first start with initdb, and a
// restart on the existing cluster) and, as the baseline in the same run, on an external PostgreSQL
// (BENCH_DATABASE_URL, a fresh database; default the machine's 127.0.0.1:5432/test). Each
// scenario runs BENCH_ROUNDS times (default 3) and the median is printed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';
import pg from 'pg';
import { embeddedServerMemory, rssMb } from './process-memory.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EXTERNAL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SETTLE_MS = 2000; // let boot-time garbage be collected before reading RSS

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function boot(env) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', SECRET_KEY: randomBytes(32).toString('hex'), ...env },
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Postbote exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  await sleep(SETTLE_MS);
  const node = rssMb(child.pid);
  const server = env.DATABASE_URL ? { processes: 0, pssMb: 0 } : embeddedServerMemory(env.DATA_DIR);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { seconds, nodeMb: node, serverMb: server.pssMb, serverProcesses: server.processes, totalMb: node + server.pssMb };
}

function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'postbote-bench-boot-'));
  chmodSync(dir, 0o711); // as root the server runs as the postgres user
  return dir;
}

async function withExternalDatabase(work) {
  const name = `postbote_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: EXTERNAL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(EXTERNAL);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const scenarios = { 'external PostgreSQL (baseline)': [], 'embedded, first start (initdb)': [], 'embedded, restart': [] };
for (let round = 0; round < ROUNDS; round++) {
  scenarios['external PostgreSQL (baseline)'].push(await withExternalDatabase((url) => boot({ DATABASE_URL: url, DATA_DIR: dataDir() })));
  const dir = dataDir();
  try {
    scenarios['embedded, first start (initdb)'].push(await boot({ DATA_DIR: dir }));
    scenarios['embedded, restart'].push(await boot({ DATA_DIR: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const baseline = scenarios['external PostgreSQL (baseline)'];
const baseSeconds = median(baseline.map((r) => r.seconds));
const baseNode = median(baseline.map((r) => r.nodeMb));
for (const [name, runs] of Object.entries(scenarios)) {
  const seconds = median(runs.map((r) => r.seconds));
  const node = median(runs.map((r) => r.nodeMb));
  const server = median(runs.map((r) => r.serverMb));
  const total = median(runs.map((r) => r.totalMb));
  process.stdout.write(
    `${name}: to healthy ${seconds.toFixed(2)} s (x${(seconds / baseSeconds).toFixed(2)}), Postbote RSS ${node.toFixed(0)} MB (x${(node / baseNode).toFixed(2)})` +
      (server ? `, postgres ${server.toFixed(0)} MB PSS in ${runs[0].serverProcesses} processes, total ${total.toFixed(0)} MB` : '') +
      '\n',
  );
}
process.stdout.write(`median of ${ROUNDS} rounds; machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}\n`);
