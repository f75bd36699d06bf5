import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseEnv } from '#src/config/load-config.js';

interface Service {
  readonly build?: unknown;
  readonly image?: string;
  readonly env_file?: string | string[];
  readonly environment?: Record<string, string>;
  readonly volumes?: string[];
  readonly depends_on?: Record<string, unknown>;
}

interface ComposeFile {
  readonly services: Record<string, Service>;
  readonly volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as ComposeFile;
const postbote = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

/** `.env` as the README says to make it: .env.example with the required secrets and the Impressum filled in. */
function readmeDotEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync('.env.example', 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  return {
    ...env,
    SECRET_KEY: 'k'.repeat(64),
    BOOTSTRAP_ADMIN_TOKEN: 't'.repeat(40),
    SITE_IMPRINT: 'Beispiel Verlag GmbH, Musterstraße 1, 10115 Berlin',
  };
}

/** What a container sees: compose's `environment` wins over `env_file`. */
function containerEnv(service: Service): Record<string, string> {
  return { ...readmeDotEnv(), ...service.environment };
}

describe('docker-compose.yml', () => {
  it('has the API and a worker built from this repository, reading .env', () => {
    expect(postbote.map(([name]) => name).sort()).toEqual(['app', 'worker']);
    for (const [, service] of postbote) expect(service.env_file).toBe('.env');
  });

  it("keeps DATA_DIR at the image's /data whatever .env says, and the worker's volume holds it", () => {
    for (const [, service] of postbote) expect(containerEnv(service).DATA_DIR).toBe('/data');
    const worker = compose.services.worker;
    expect(worker.volumes?.map((v) => v.split(':')[1])).toContain(containerEnv(worker).DATA_DIR);
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/chown node:node \/data/);
  });

  it('gives every container a configuration that passes validation, with the roles it names', () => {
    for (const [name, service] of postbote) {
      const env = parseEnv(containerEnv(service));
      expect({ name, role: env.ROLE, db: env.DATABASE_URL?.startsWith('postgres://') }).toEqual({ name, role: name === 'app' ? 'api' : 'worker', db: true });
    }
  });

  it('refers only to services and volumes it declares', () => {
    const declared = new Set(Object.keys(compose.volumes ?? {}));
    for (const [, service] of Object.entries(compose.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dependency);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/')) expect(declared).toContain(source);
      }
    }
  });
});
