#!/usr/bin/env node
// Compiles src/ to dist/ with tsc. With --if-stale it first compares a fingerprint of every input
// (path, size, modification time of src/**, the tsconfigs and the lockfile) with the one stored
// by the last build and skips the compile when nothing changed, so `npm test` and `npm run cli`
// do not spend ~8 s rebuilding an up-to-date tree. A plain build always compiles, from an empty
// dist/ so files of deleted sources do not linger.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import process from 'node:process';

const ROOT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
const OUT_DIR = 'dist';
const STAMP = join(OUT_DIR, '.build-fingerprint');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** One hash over every input's path, size and mtime: any edit, addition or deletion changes it. */
export function fingerprint(root) {
  const files = [...walk(join(root, 'src')), ...ROOT_FILES.map((f) => join(root, f)).filter((f) => existsSync(f))];
  const lines = files.map((file) => {
    const { size, mtimeMs } = statSync(file);
    return `${relative(root, file)}\t${size}\t${mtimeMs}`;
  });
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

function storedFingerprint(root) {
  try {
    return readFileSync(join(root, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function build(root, { ifStale = false } = {}) {
  const before = fingerprint(root);
  if (ifStale && storedFingerprint(root) === before) return 'up to date';
  rmSync(join(root, OUT_DIR), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(join(root, OUT_DIR), { recursive: true });
  // The fingerprint from before the compile: an edit made during it makes the next run build again.
  writeFileSync(join(root, STAMP), `${before}\n`);
  return 'built';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outcome = build(process.cwd(), { ifStale: process.argv.includes('--if-stale') });
  if (outcome === 'up to date') process.stderr.write('build: dist/ is up to date\n');
}
