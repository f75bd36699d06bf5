import { DigestRenderer, personalise, type DigestArticle } from '#src/rendering/digest-renderer.js';
import { RenderInputError } from '#src/rendering/rendering-errors.js';
import { TemplateCatalog } from '#src/rendering/template-catalog.js';
import { buildConfig, parseEnv } from '#src/config/load-config.js';
import { digestInput, fixtureArticles, huaweiNewsletter, TEMPLATES_DIR } from '../../factories/digest-input.factory.js';

const recipient = {
  name: 'Anna <b>Müller</b>',
  unsubscribeUrl: 'https://news.example.de/unsubscribe?token=abc&x=1',
  preferencesUrl: 'https://news.example.de/preferences?token=abc&x=1',
};

function article(overrides: Partial<DigestArticle> = {}): DigestArticle {
  return {
    title: 'Ein Artikel',
    url: 'https://blog.example.de/artikel',
    excerpt: 'Kurzer Text.',
    publishedAt: new Date('2026-11-20T10:00:00Z'),
    ...overrides,
  };
}

describe('DigestRenderer', () => {
  let renderer: DigestRenderer;

  beforeAll(async () => {
    renderer = new DigestRenderer(await TemplateCatalog.load(TEMPLATES_DIR));
  });

  it('renders the fixture articles newest first with German UI, dates and image data', async () => {
    const issue = await renderer.compileIssue(digestInput([...fixtureArticles()].reverse()));
    const positions = ['Honor Magic 8 Pro', 'Huawei-Chef bittet', 'HarmonyOS NEXT'].map((t) => issue.html.indexOf(t));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(issue.html).toMatch(/<html lang="de"/);
    expect(issue.html.match(/Weiterlesen/g)).toHaveLength(3);
    expect(issue.html).toContain('24. November 2026');
    expect(issue.html).toContain('17. November 2026');
    expect(issue.html).toContain('Bild: @markcjn, Unsplash');
    expect(issue.html).toContain('alt="Honor Magic 8 Pro kommt nach Europa – mit Google-Diensten"');
    expect(issue.html).toContain('SDK &lt;ArkTS&gt;');
  });

  it('puts the footer (Impressum, responsible editor, affiliate note, links) into the output', async () => {
    const mail = personalise(await renderer.compileIssue(digestInput()), recipient);
    expect(mail.html).toContain('Impressum');
    expect(mail.html).toContain('Beispiel Verlag GmbH<br />Musterstraße 1<br />10115 Berlin');
    expect(mail.html).toContain('Verantwortlich i. S. d. § 18 Abs. 2 MStV: Erika Mustermann');
    expect(mail.html).toContain('*provisionierte Affiliate-Links');
    expect(mail.html).toContain('href="https://news.example.de/archive/huawei/42"');
    expect(mail.html).toContain('href="https://news.example.de/unsubscribe?token&#x3D;abc&amp;x&#x3D;1"');
    expect(mail.html).toContain('href="https://news.example.de/preferences?token&#x3D;abc&amp;x&#x3D;1"');
  });

  it('loads no web fonts and stays under 90 KB for five long teasers', async () => {
    const long = 'Ein ziemlich langer Teasertext mit Umlauten äöü und „Anführungszeichen“. '.repeat(5);
    const articles = [1, 2, 3, 4, 5].map((i) =>
      article({ title: `Artikel ${i} `.repeat(8), excerpt: long, imageUrl: `https://blog.example.de/bild-${i}.jpg`, imageCredit: 'Foto' }),
    );
    const mail = personalise(await renderer.compileIssue(digestInput(articles)), recipient);
    expect(mail.html).not.toContain('fonts.googleapis');
    expect(mail.html).not.toMatch(/@import|<link /);
    expect(Buffer.byteLength(mail.html, 'utf8')).toBeLessThan(90 * 1024);
  });

  it('escapes article data: a <script> title renders as text', async () => {
    const issue = await renderer.compileIssue(digestInput([article({ title: '<script>alert(1)</script> & Co' })]));
    expect(issue.html).not.toContain('<script>alert(1)');
    expect(issue.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(issue.text).toContain('<script>alert(1)</script> & Co');
    expect(issue.subject).toBe('Huawei-News: <script>alert(1)</script> & Co');
  });

  it('personalises by substitution: escaped in HTML, raw in text, nothing left over', async () => {
    const issue = await renderer.compileIssue(digestInput());
    const mail = personalise(issue, recipient);
    expect(mail).not.toBeInstanceOf(Promise);
    expect(mail.html).toContain('Hallo Anna &lt;b&gt;Müller&lt;/b&gt;,');
    expect(mail.text).toContain('Hallo Anna <b>Müller</b>,');
    expect(mail.text).toContain('https://news.example.de/unsubscribe?token=abc&x=1');
    expect(`${mail.html}${mail.text}${mail.subject}`).not.toContain('__PB_');
    expect(personalise(issue, { ...recipient, name: undefined }).html).toContain('Hallo,');
  });

  it('builds a text part from the same data', async () => {
    const issue = await renderer.compileIssue(digestInput());
    expect(issue.text).toContain('HarmonyOS NEXT: Huawei trennt sich endgültig von Android');
    expect(issue.text).toMatch(
      /Weiterlesen\s+\[https:\/\/blog\.example\.de\/2026\/11\/harmonyos-next-huawei-trennt-sich-endgueltig-von-android\/\]/,
    );
    expect(issue.text).not.toMatch(/[ \t]$/m);
    expect(issue.text).toContain('Verantwortlich i. S. d. § 18 Abs. 2 MStV');
    expect(issue.text).toContain('Abmelden [__PB_UNSUBSCRIBE_URL__]');
    expect(issue.text).not.toMatch(/<td|<div/);
  });

  it('never lets article text pull in recipient data', async () => {
    const issue = await renderer.compileIssue(digestInput([article({ title: 'Trick __PB_UNSUBSCRIBE_URL__' })]));
    const mail = personalise(issue, recipient);
    expect(mail.html.match(/unsubscribe\?token/g)).toHaveLength(1);
  });

  it('renders the subject from the template, handling one, two and more articles', async () => {
    const subject = async (n: number) =>
      (await renderer.compileIssue(digestInput(fixtureArticles().slice(0, n)))).subject;
    expect(await subject(3)).toBe('Huawei-News: Honor Magic 8 Pro kommt nach Europa – mit Google-Diensten und 2 weitere');
    expect(await subject(2)).toBe('Huawei-News: Honor Magic 8 Pro kommt nach Europa – mit Google-Diensten und 1 weiterer');
    expect(await subject(1)).toBe('Huawei-News: Honor Magic 8 Pro kommt nach Europa – mit Google-Diensten');
  });

  it('renders English with English UI strings and dates', async () => {
    const issue = await renderer.compileIssue({
      newsletter: huaweiNewsletter({ locale: 'en', subjectTemplate: '{{newsletter}}: {{articleCount}} new' }),
      articles: fixtureArticles(),
    });
    expect(issue.html).toMatch(/<html lang="en"/);
    expect(issue.html).toContain('Read more');
    expect(issue.html).toContain('24 November 2026');
    expect(issue.subject).toBe('Huawei-News: 3 new');
    expect(personalise(issue, recipient).text).toContain('Hello Anna <b>Müller</b>,');
  });

  it('rejects bad input with the field name', async () => {
    await expect(renderer.compileIssue(digestInput([article({ url: 'javascript:alert(1)' })]))).rejects.toThrow(
      /^articles\.0\.url: /,
    );
    await expect(renderer.compileIssue(digestInput([]))).rejects.toThrow(/^articles: a digest needs at least one article/);
    const badSubject = { ...digestInput(), newsletter: huaweiNewsletter({ subjectTemplate: '{{nope}}' }) };
    await expect(renderer.compileIssue(badSubject)).rejects.toThrow(RenderInputError);
    await expect(renderer.compileIssue(badSubject)).rejects.toThrow(/newsletter\.subjectTemplate: .*nope/);
    const issue = await renderer.compileIssue(digestInput());
    expect(() => personalise(issue, { ...recipient, unsubscribeUrl: 'javascript:x' })).toThrow(/recipient\.unsubscribeUrl/);
  });

  it('renders the double opt-in mail without unsubscribe links', async () => {
    const mail = await renderer.renderConfirmation({
      locale: 'de',
      siteName: 'Beispiel-Blog',
      newsletterNames: ['Huawei-News', 'Honor & Co'],
      footer: huaweiNewsletter().footer,
      confirmUrl: 'https://news.example.de/confirm?token=t1&a=b',
      validHours: 72,
      name: 'Jan',
    });
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihr Abonnement bei Beispiel-Blog');
    expect(mail.html).toContain('href="https://news.example.de/confirm?token&#x3D;t1&amp;a&#x3D;b"');
    expect(mail.html).toContain('Huawei-News, Honor &amp; Co');
    expect(mail.html).toContain('Hallo Jan,');
    expect(mail.html).toContain('Der Link ist 72 Stunden gültig.');
    expect(mail.html).toContain('Musterstraße 1');
    expect(mail.html).not.toContain('Abmelden');
    expect(mail.text).toMatch(/Abonnement bestätigen\s+\[https:\/\/news\.example\.de\/confirm\?token=t1&a=b\]/);
    expect(`${mail.html}${mail.text}`).not.toContain('__PB_');
  });

  it('prints each legal label once, also for the default site footer and values that carry the label', async () => {
    const site = buildConfig(parseEnv({ SITE_IMPRINT: 'Impressum: https://blog.example.de/impressum' })).subscribers.site;
    const defaults = await renderer.renderConfirmation({ locale: 'de', siteName: 'Blog', newsletterNames: ['A'], footer: site, confirmUrl: 'https://x.example/c', validHours: 72 });
    const footer = { imprint: 'Impressum: Beispiel Verlag', responsibleEditor: 'Verantwortlich i. S. d. § 18 Abs. 2 MStV: Erika Mustermann' };
    const pasted = await renderer.compileIssue({ newsletter: huaweiNewsletter({ footer }), articles: fixtureArticles() });
    for (const { html, text } of [defaults, pasted]) {
      expect(html.match(/Verantwortlich/g)).toHaveLength(1);
      expect(text.match(/Verantwortlich/g)).toHaveLength(1);
      expect(html).toMatch(/<strong>Impressum<\/strong><br \/>(https:|Beispiel)/);
    }
    expect(defaults.html).toContain('Verantwortlich i. S. d. § 18 Abs. 2 MStV: siehe Impressum');
    expect(pasted.html).toContain('Verantwortlich i. S. d. § 18 Abs. 2 MStV: Erika Mustermann');
  });
});
