import { readFileSync } from 'node:fs';
import { envSchema } from './env.schema.js';
import { buildConfig, ConfigError, parseEnv } from './load-config.js';

describe('parseEnv', () => {
  it('applies the embedded defaults to an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, ROLE: 'all', DATA_DIR: './data', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names every offending variable in one error', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', ROLE: 'boss', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const key of ['PORT', 'ROLE', 'DATABASE_URL', 'PUBLIC_URL']) expect(message).toContain(`${key}:`);
    expect(message).toContain('ROLE: must be all, api or worker');
  });

  it('requires SECRET_KEY when instances share a PostgreSQL', () => {
    expect(() => parseEnv({ DATABASE_URL: 'postgres://db/postbote' })).toThrow('SECRET_KEY: is required when DATABASE_URL is set');
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ PORT: '' }).PORT).toBe(3000);
  });

  it('documents every variable in the README configuration table', () => {
    const readme = readFileSync('README.md', 'utf8');
    const undocumented = Object.keys(envSchema.shape).filter((key) => !readme.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync('.env.example', 'utf8');
    const keys = Object.keys(envSchema.shape);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(example).toMatch(new RegExp(`^#?\\s*${key}=`, 'm'));
  });
});

describe('site identity for mails', () => {
  it('refuses to start with SMTP_URL but without SITE_IMPRINT, naming the variable', () => {
    expect(() => parseEnv({ SMTP_URL: 'smtp://mail.example.de:587' })).toThrow(/SITE_IMPRINT: is required when SMTP_URL is set/);
    expect(parseEnv({ SMTP_URL: 'smtp://mail.example.de:587', SITE_IMPRINT: 'https://blog.example.de/impressum' }).SITE_IMPRINT).toBe(
      'https://blog.example.de/impressum',
    );
  });

  it('defaults point nowhere that does not exist and carry no legal label (the template adds it)', () => {
    const { site } = buildConfig(parseEnv({})).subscribers;
    expect(site.imprint).not.toMatch(/\/impressum/);
    expect(site.imprint).toContain('SITE_IMPRINT');
    expect(site.responsibleEditor).not.toMatch(/Verantwortlich|MStV/);
  });

  it('the example file carries no legal label in its values either', () => {
    const example = readFileSync('.env.example', 'utf8');
    expect(example).not.toMatch(/^#?\s*SITE_RESPONSIBLE_EDITOR=.*(Verantwortlich|MStV)/m);
    expect(example).not.toMatch(/^#?\s*SITE_IMPRINT=\s*Impressum/m);
  });
});
