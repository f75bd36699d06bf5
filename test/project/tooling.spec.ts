import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import semver from 'semver';

interface LockEntry {
  readonly engines?: { readonly node?: string } | string[];
  readonly dev?: boolean;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };

describe('supported Node versions', () => {
  // The lowest release of each supported line; `npm ci` warns (EBADENGINE) for any package that refuses one.
  const lowest = ['20.19.0', '22.13.0', '24.0.0'];

  it('are the ones package.json states', () => {
    for (const version of lowest) expect(semver.satisfies(version, pkg.engines.node)).toBe(true);
    expect(semver.satisfies('20.18.0', pkg.engines.node)).toBe(false);
  });

  it('are accepted by every installed package (no EBADENGINE on npm ci)', () => {
    const refusing = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!path || !range) return [];
      return lowest.filter((v) => !semver.satisfies(v, range)).map((v) => `${path} wants node ${range} (not ${v})`);
    });
    expect(refusing).toEqual([]);
  });

  it('include the one running this test', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });
});

describe('npm run cli', () => {
  it('prints its usage for --help and exits 0, without configuration or database', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['tokens:create', '--help']]) {
      const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, DATABASE_URL: 'nonsense' } });
      expect({ args, status: run.status }).toEqual({ args, status: 0 });
      expect(run.stdout).toContain('tokens:create --name <name>');
    }
  });

  it('still refuses an unknown command with EX_USAGE', () => {
    const run = spawnSync(process.execPath, ['dist/cli.js', 'frobnicate'], { encoding: 'utf8' });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('unknown command frobnicate');
  });
});

describe('scripts/build.mjs --if-stale', () => {
  let root: string;
  const script = resolve('scripts/build.mjs');
  const build = (...args: string[]) => execFileSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'postbote-build-'));
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: [] } }));
    writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] }));
    cpSync('package.json', join(root, 'package.json'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a: number = 1;\n');
    writeFileSync(join(root, 'src', 'b.ts'), 'export const b: number = 1;\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compiles a stale tree, skips a fresh one, compiles again after an edit or a deletion, and always without --if-stale', () => {
    build('--if-stale');
    expect(readFileSync(join(root, 'dist', 'b.js'), 'utf8')).toContain('b = 1');
    writeFileSync(join(root, 'dist', 'marker'), 'kept while nothing is rebuilt');
    build('--if-stale');
    expect(readFileSync(join(root, 'dist', 'marker'), 'utf8')).toContain('kept');

    writeFileSync(join(root, 'src', 'a.ts'), 'export const a: number = 2;\n');
    utimesSync(join(root, 'src', 'a.ts'), new Date(), new Date(Date.now() + 5000));
    rmSync(join(root, 'src', 'b.ts'));
    build('--if-stale');
    expect(readFileSync(join(root, 'dist', 'a.js'), 'utf8')).toContain('a = 2');
    expect(existsSync(join(root, 'dist', 'b.js'))).toBe(false);

    writeFileSync(join(root, 'dist', 'marker'), 'gone after a full build');
    build();
    expect(existsSync(join(root, 'dist', 'marker'))).toBe(false);
  });
});
