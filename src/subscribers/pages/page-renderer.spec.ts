import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURRENT_CONSENT_VERSION, currentConsentWording } from '#src/subscribers/consent/consent-wording.js';
import { PAGE_NAMES, PageRenderer, type PageData, type PageName } from './page-renderer.js';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/pages', import.meta.url));
const EVIL = `<script>alert("x")</script>" onmouseover="alert(1)`;

const SAMPLE: PageData = {
  subscribe: {
    action: '/subscribe',
    consentVersion: CURRENT_CONSENT_VERSION,
    newsletters: [
      { slug: 'huawei', title: 'Huawei', description: 'Alle Artikel zu Huawei', checked: true },
      { slug: 'apple', title: 'Apple', description: 'Alles zu Apple', checked: false },
    ],
  },
  'check-inbox': {},
  confirmed: { preferencesUrl: '/preferences?token=abc' },
  preferences: {
    action: '/preferences?token=abc',
    unsubscribeAction: '/unsubscribe?token=def',
    email: 'leser@bücher.de',
    name: 'Jörg',
    paused: true,
    newsletters: [{ slug: 'huawei', title: 'Huawei', description: 'Alle Artikel', checked: true }],
    saved: true,
  },
  unsubscribe: { action: '/unsubscribe?token=def' },
  unsubscribed: { subscribeUrl: '/subscribe' },
  'invalid-token': { subscribeUrl: '/subscribe' },
  'rate-limited': { retryAfterSeconds: 125 },
};

function renderSample(renderer: PageRenderer, page: PageName, locale: 'de' | 'en'): string {
  return renderer.render(page, locale, SAMPLE[page]);
}

function count(html: string, pattern: RegExp): number {
  return html.match(pattern)?.length ?? 0;
}

describe('PageRenderer', () => {
  let renderer: PageRenderer;

  beforeAll(async () => {
    renderer = await PageRenderer.load(TEMPLATES_DIR);
  });

  it.each(PAGE_NAMES.flatMap((page) => [[page, 'de'], [page, 'en']] as const))(
    'renders %s in %s with no external assets',
    (page, locale) => {
      const html = renderSample(renderer, page, locale);
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).not.toMatch(/https?:\/\//u);
      expect(html).not.toMatch(/<script|<link|<img|@import|url\(/u);
    },
  );

  it('speaks German by default and English on request', () => {
    expect(renderSample(renderer, 'unsubscribe', 'de')).toContain('Jetzt abmelden');
    expect(renderSample(renderer, 'unsubscribe', 'en')).toContain('Unsubscribe now');
  });

  it('escapes every user-supplied value', () => {
    const subscribe = renderer.render('subscribe', 'de', {
      ...SAMPLE.subscribe,
      values: { email: EVIL, name: EVIL },
      errors: [`email: ${EVIL}`],
    });
    const preferences = renderer.render('preferences', 'en', { ...SAMPLE.preferences, email: EVIL, name: EVIL });
    for (const html of [subscribe, preferences]) {
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('" onmouseover');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot; onmouseover&#x3D;');
    }
  });

  it('shows the versioned consent wording, newsletter choices and a hidden honeypot', () => {
    const html = renderSample(renderer, 'subscribe', 'de');
    expect(html).toContain(currentConsentWording().text.de);
    expect(html).toContain(`name="consent_version" value="${CURRENT_CONSENT_VERSION}"`);
    expect(html).toMatch(/<input id="nl-0" type="checkbox" name="newsletters" value="huawei" checked>/u);
    expect(html).toMatch(/<input id="nl-1" type="checkbox" name="newsletters" value="apple">/u);
    expect(html).toContain('Alle Artikel zu Huawei');
    expect(html).toMatch(/<div class="hp" aria-hidden="true">[\s\S]*name="website" tabindex="-1"/u);
  });

  it('offers exactly one button on the unsubscribe page, in a POST form', () => {
    const html = renderSample(renderer, 'unsubscribe', 'de');
    expect(count(html, /<button/gu)).toBe(1);
    expect(count(html, /<form/gu)).toBe(1);
    expect(html).toContain('<form method="post" action="/unsubscribe?token&#x3D;def">');
  });

  it('lets preferences change newsletters, name, pause, and unsubscribe', () => {
    const html = renderSample(renderer, 'preferences', 'en');
    expect(html).toContain('value="Jörg"');
    expect(html).toContain('name="paused" value="yes" checked');
    expect(html).toContain('Your preferences have been saved.');
    expect(count(html, /<form method="post"/gu)).toBe(2);
  });

  it('renders the same check-inbox page whatever happened', () => {
    expect(renderer.render('check-inbox', 'de', {})).toBe(renderSample(renderer, 'check-inbox', 'de'));
  });

  it('rounds the retry time up to whole minutes', () => {
    expect(renderSample(renderer, 'rate-limited', 'de')).toContain('in 3 Minuten erneut');
  });

  it('links to the other language when given the URL', () => {
    const html = renderer.render('check-inbox', 'de', {}, { alternateLanguageUrl: '/subscribe?lang=en' });
    expect(html).toContain('<a href="/subscribe?lang&#x3D;en" lang="en" hreflang="en">English</a>');
  });

  it('names the missing template file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pages-'));
    try {
      await writeFile(join(dir, 'layout.hbs'), '{{> @partial-block}}');
      await expect(PageRenderer.load(dir)).rejects.toThrow(`page templates: cannot read ${join(dir, 'subscribe.hbs')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
