import { readFileSync } from 'node:fs';
import { buildExcerpt, truncate } from './excerpt.js';

interface WpPostFixture {
  id: number;
  content: { rendered: string };
  excerpt: { rendered: string };
}

const fixtures = new URL('../../test/fixtures/', import.meta.url);
const posts = JSON.parse(
  readFileSync(new URL('wordpress/posts-embed.json', fixtures), 'utf8'),
) as WpPostFixture[];
const samplePost = posts.find((p) => p.id === 5)!;
const honorPost = posts.find((p) => p.id === 7)!;

/** The article as a reader sees it, rebuilt as HTML: title and image alt are not body text. */
function samplePageBodyHtml(): string {
  const text = readFileSync(new URL('sample-article-as-read-on-the-site.txt', fixtures), 'utf8');
  const [, alt, credit, ...body] = text.split(/\n\s*\n/).map((p) => p.trim());
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return [
    `<figure><img src="x.png" alt="${alt}"><figcaption>${escape(credit)}</figcaption></figure>`,
    `<p>${escape(credit)}</p>`, // some themes print the credit as a paragraph
    ...body.map((p) => `<p>${escape(p)}</p>`),
  ].join('\n');
}

const BOILERPLATE = ['sd_posts', 'tax_term', 'via CNBC', 'WhatsApp', 'Affiliate', 'Kommentar verfassen', 'Bleibt bitte nett', 'Unsplash', '[', '″', '”'];

describe('buildExcerpt', () => {
  it('uses the first sentences of the sample post, cut at a word boundary with …', () => {
    const excerpt = buildExcerpt({ excerptHtml: samplePost.excerpt.rendered, bodyHtml: samplePost.content.rendered });
    expect(excerpt.startsWith('Schon seit bald zwei Jahren gibt es einen heftigen Streit')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(300);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toMatch(/\s…$/);
    expect(excerpt).toContain('Gespräche');
  });

  it('drops shortcodes (with &#8221;/&#8243; entities), via line, CTA from the WordPress body', () => {
    const text = buildExcerpt({ bodyHtml: samplePost.content.rendered }, { maxLength: 10_000 });
    for (const b of BOILERPLATE) expect(text).not.toContain(b);
    expect(text).toContain('„Wir haben beschlossen, unser Smartphone-Geschäft nicht zu verkaufen.“');
    expect(text.endsWith('Honor hingegen wieder frei.')).toBe(true);
  });

  it('drops every kind of boilerplate from the article as read on the site (typographic quotes)', () => {
    const text = buildExcerpt({ bodyHtml: samplePageBodyHtml() }, { maxLength: 10_000 });
    expect(text.startsWith('Schon seit bald zwei Jahren')).toBe(true);
    for (const b of BOILERPLATE) expect(text).not.toContain(b);
    expect(text).toContain('ökonomische Wachstum');
  });

  it('falls back to the body when the WordPress excerpt carries a flattened "via" line', () => {
    expect(honorPost.excerpt.rendered).toContain('via Honor');
    const text = buildExcerpt(
      { excerptHtml: honorPost.excerpt.rendered, bodyHtml: honorPost.content.rendered },
      { maxLength: 1000 },
    );
    expect(text).toBe(
      'Honor hat heute das Magic 8 Pro für Europa vorgestellt. Das Smartphone kommt mit Google-Diensten & einem 6.000-mAh-Akku – Preise starten bei 1.099 Euro. Seit der Abspaltung von Huawei darf Honor wieder mit Google zusammenarbeiten. Das zahlt sich jetzt aus: Play Store, Gmail und Maps sind vorinstalliert.',
    );
  });

  it('uses a clean excerpt as is and keeps its "[…]" as an ellipsis', () => {
    const text = buildExcerpt({ excerptHtml: '<p>Kurzer Anriss mit Ümlaut [&hellip;]</p>', bodyHtml: '<p>Anderer Text.</p>' });
    expect(text).toBe('Kurzer Anriss mit Ümlaut…');
  });

  it('never contains scripts or styles', () => {
    const text = buildExcerpt({ bodyHtml: '<style>p{color:red}</style><p>Erster Satz.<script>alert("x")</script></p>' });
    expect(text).toBe('Erster Satz.');
  });

  it('applies per-source boilerplate patterns', () => {
    const body = '<p>Anzeige: Jetzt kaufen!</p><p>Der eigentliche Text.</p>';
    expect(buildExcerpt({ bodyHtml: body })).toBe('Anzeige: Jetzt kaufen! Der eigentliche Text.');
    expect(buildExcerpt({ bodyHtml: body }, { boilerplatePatterns: [/^Anzeige:/] })).toBe('Der eigentliche Text.');
  });
});

describe('truncate', () => {
  it('keeps short text untouched', () => {
    expect(truncate('Ein  kurzer\nText', 300)).toBe('Ein kurzer Text');
  });
  it('cuts at a word boundary and stays within the limit', () => {
    expect(truncate('eins zwei drei vier', 12)).toBe('eins zwei…');
    expect(truncate('eins, zwei drei', 8)).toBe('eins…');
  });
  it('cuts inside a word only when there is no boundary', () => {
    expect(truncate('Donaudampfschifffahrt', 6)).toBe('Donau…');
  });
});
