import { configWarnings } from './config-warnings.js';
import { parseEnv } from './load-config.js';

const smtp = { SMTP_URL: 'smtp://mail.example.de:587', SITE_IMPRINT: 'https://blog.example.de/impressum' };
const production = {
  ...smtp,
  MAIL_FROM: 'Beispiel-Blog <newsletter@blog.example.de>',
  SITE_NAME: 'Beispiel-Blog',
  SITE_RESPONSIBLE_EDITOR: 'Erika Mustermann',
  PUBLIC_URL: 'https://newsletter.blog.example.de',
};

describe('configWarnings', () => {
  it('stays quiet on the embedded outbox default (nothing reaches real readers)', () => {
    expect(configWarnings(parseEnv({}))).toEqual([]);
  });

  it('stays quiet for a configured production install', () => {
    expect(configWarnings(parseEnv(production))).toEqual([]);
  });

  it('names MAIL_FROM, SITE_NAME, SITE_RESPONSIBLE_EDITOR and a local PUBLIC_URL once SMTP_URL sends real mail', () => {
    const warnings = configWarnings(parseEnv(smtp));
    for (const key of ['MAIL_FROM', 'SITE_NAME', 'SITE_RESPONSIBLE_EDITOR', 'PUBLIC_URL']) {
      expect(warnings.filter((w) => w.startsWith(`${key} `))).toHaveLength(1);
    }
    expect(warnings.join('\n')).toContain('bei Newsletter');
  });

  it('warns about plain-http links and an open SSRF guard in production', () => {
    const warnings = configWarnings(parseEnv({ ...production, PUBLIC_URL: 'http://newsletter.blog.example.de', ALLOW_PRIVATE_SOURCES: 'true' }));
    expect(warnings).toEqual([expect.stringMatching(/^PUBLIC_URL is plain http/), expect.stringMatching(/^ALLOW_PRIVATE_SOURCES is true/)]);
  });
});
