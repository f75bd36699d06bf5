import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { FeedParseError, parseFeedBody, type FeedParseOptions } from './feed-parser.js';

const fixtures = new URL('../../test/fixtures/wordpress/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, fixtures));
const categoryNames = (JSON.parse(fixture('categories.json').toString()) as { name: string }[]).map((c) => c.name);
const NOW = new Date('2026-11-24T20:00:00Z');
const SAMPLE_URL = 'https://blog.example.de/2026/11/um-seine-smartphones-zu-retten-huawei-chef-bittet-us-praesident-um-gespraeche/';
const FEED_URL = 'https://blog.example.de/feed/';
const options: FeedParseOptions = { feedUrl: FEED_URL, now: NOW, categoryNames };

function rss(items: string, prolog = '<?xml version="1.0" encoding="UTF-8"?>'): string {
  return `${prolog}<rss version="2.0"><channel><title>T</title><link>https://blog.example.de/</link>${items}</channel></rss>`;
}

function parseError(fn: () => unknown): FeedParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FeedParseError) return err;
    throw err;
  }
  throw new Error('expected a FeedParseError');
}

describe('parseFeedBody with the WordPress fixtures', () => {
  it.each([
    ['feed-rss2.xml', 'rss'],
    ['feed-atom.xml', 'atom'],
  ])('turns the sample post in %s into an article tagged Huawei/Smartphones/USA', (file, format) => {
    const feed = parseFeedBody(fixture(file), options);
    expect(feed.format).toBe(format);
    expect(feed.articles).toHaveLength(3);
    const sample = feed.articles.find((a) => a.url === SAMPLE_URL)!;
    expect(sample).toMatchObject({
      externalId: SAMPLE_URL,
      title: 'Um seine Smartphones zu retten: Huawei-Chef bittet US-Präsident um Gespräche',
      author: 'admin',
      language: 'de-DE',
      status: 'published',
      tags: [
        { name: 'Huawei', slug: 'huawei' },
        { name: 'Smartphones', slug: 'smartphones' },
        { name: 'USA', slug: 'usa' },
      ],
      categories: [{ name: 'News', slug: 'news' }],
    });
    expect(sample.publishedAt.toISOString()).toBe('2026-11-24T07:30:00.000Z');
    expect(sample.excerpt.startsWith('Schon seit bald zwei Jahren')).toBe(true);
    expect(sample.excerpt).not.toMatch(/sd_posts|via CNBC|WhatsApp|\[/);
    expect(feed.warnings).toEqual([]);
  });

  it('keeps categories among the tags when it cannot tell them apart', () => {
    const feed = parseFeedBody(fixture('feed-rss2.xml'), { feedUrl: FEED_URL, now: NOW });
    expect(feed.articles.find((a) => a.url === SAMPLE_URL)!.tags.map((t) => t.name)).toEqual(['News', 'Huawei', 'Smartphones', 'USA']);
  });

  it('keeps escaped angle brackets in text instead of treating them as tags', () => {
    const harmony = parseFeedBody(fixture('feed-rss2.xml'), options).articles.find((a) => a.url.includes('harmonyos'))!;
    expect(harmony.excerpt).toContain('SDK <ArkTS> und');
  });

  it('reads the tag feed', () => {
    const feed = parseFeedBody(fixture('feed-tag-huawei-rss2.xml'), options);
    expect(feed.articles.every((a) => a.tags.some((t) => t.slug === 'huawei'))).toBe(true);
  });
});

describe('parseFeedBody formats and encodings', () => {
  it('reads RSS 1.0 (RDF)', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://blog.example.de/"><title>T</title><link>https://blog.example.de/</link></channel>
      <item rdf:about="https://blog.example.de/a"><title>Erster Artikel</title><link>https://blog.example.de/a</link>
      <description>Text.</description><dc:date>2026-11-24T08:30:00+01:00</dc:date><dc:subject>Huawei</dc:subject></item></rdf:RDF>`;
    const feed = parseFeedBody(rdf, options);
    expect(feed.format).toBe('rdf');
    expect(feed.articles).toEqual([
      expect.objectContaining({ url: 'https://blog.example.de/a', title: 'Erster Artikel', excerpt: 'Text.', publishedAt: new Date('2026-11-24T07:30:00Z') }),
    ]);
  });

  it.each(['ISO-8859-1', 'windows-1252'])('decodes %s declared in the prolog even when HTTP says UTF-8', (encoding) => {
    const xml = rss(
      '<item><guid>1</guid><link>https://blog.example.de/1</link><title>Größe „Überraschung“</title><description>Bären für Jäger</description></item>',
      `<?xml version="1.0" encoding="${encoding}"?>`,
    );
    const text = encoding === 'ISO-8859-1' ? xml.replace(/[„“]/g, '"') : xml;
    const feed = parseFeedBody(iconv.encode(text, encoding), { ...options, contentType: 'application/rss+xml; charset=UTF-8' });
    expect(feed.articles[0].title).toBe(encoding === 'ISO-8859-1' ? 'Größe "Überraschung"' : 'Größe „Überraschung“');
    expect(feed.articles[0].excerpt).toBe('Bären für Jäger');
  });

  it('uses the HTTP charset when the prolog declares none', () => {
    const body = iconv.encode(rss('<item><guid>1</guid><link>https://blog.example.de/1</link><title>Grüße</title></item>', ''), 'latin1');
    expect(parseFeedBody(body, { ...options, contentType: 'text/xml; charset=ISO-8859-1' }).articles[0].title).toBe('Grüße');
  });
});

describe('parseFeedBody bad input', () => {
  it.each([
    ['<!DOCTYPE html><html><head><title>Login</title></head><body><p>Bitte anmelden</body></html>', 'got an HTML page instead of a feed'],
    ['<html><body>moved</body></html>', 'got an HTML page instead of a feed'],
    ['', 'empty response body'],
    ['{"posts":[]}', 'not a feed: no root element (the body starts with "{\\"posts\\":[]}")'],
    ['<?xml version="1.0"?><sitemap><url/></sitemap>', 'not a feed: root element <sitemap>'],
  ])('refuses %j', (body, reason) => {
    expect(parseError(() => parseFeedBody(body, options)).reason).toBe(reason);
  });

  it('reports malformed XML with its position', () => {
    const err = parseError(() => parseFeedBody(rss('<item><title>Offen</item>'), options));
    expect(err.reason).toMatch(/^malformed XML at line 1, column \d+: /);
  });

  it('reads an empty feed as zero articles', () => {
    expect(parseFeedBody(rss(''), options)).toMatchObject({ articles: [], warnings: [] });
  });

  it('repairs items without GUID, without date, with odd or future dates, and duplicates', () => {
    const feed = parseFeedBody(
      rss(`
      <item><link>https://blog.example.de/ohne-guid</link><title>Ohne GUID</title><pubDate>24.11.2026 09:00</pubDate></item>
      <item><guid>b</guid><link>https://blog.example.de/ohne-datum</link><title>Ohne Datum</title></item>
      <item><guid>c</guid><link>https://blog.example.de/zukunft</link><title>Zukunft</title><pubDate>Fri, 01 Jan 2027 10:00:00 +0000</pubDate></item>
      <item><guid>b</guid><link>https://blog.example.de/doppelt</link><title>Doppelt</title></item>
      <item><title>Ohne Link</title></item>`),
      options,
    );
    expect(feed.articles.map((a) => [a.externalId, a.publishedAt.toISOString()])).toEqual([
      ['https://blog.example.de/ohne-guid', '2026-11-24T09:00:00.000Z'],
      ['b', NOW.toISOString()],
      ['c', NOW.toISOString()],
    ]);
    expect(feed.warnings).toEqual([
      'item 2 (b): no usable date, using the time it was fetched',
      'item 3 (c): date 2027-01-01T10:00:00.000Z is in the future, using the time it was fetched',
      'item 4 (b): no usable date, using the time it was fetched',
      'item 4: duplicate id b, kept the first',
      'item 5: no link, skipped',
    ]);
  });

  it('resolves relative links and image URLs against the feed', () => {
    const feed = parseFeedBody(
      `<rss version="2.0"><channel><title>T</title><item><guid>1</guid><link>/2026/11/artikel/</link><title>Relativ</title>
        <enclosure url="../wp-content/bild.png" type="image/png" length="1"/></item></channel></rss>`,
      { ...options, feedUrl: 'https://blog.example.de/news/feed/' },
    );
    expect(feed.articles[0]).toMatchObject({
      url: 'https://blog.example.de/2026/11/artikel/',
      imageUrl: 'https://blog.example.de/news/wp-content/bild.png',
    });
  });

  it('renders markup in titles as plain text and drops scripts', () => {
    const feed = parseFeedBody(
      rss(`<item><guid>1</guid><link>https://blog.example.de/1</link>
        <title>&lt;script&gt;alert(1)&lt;/script&gt;Neues &lt;b&gt;Handy&lt;/b&gt; &amp;amp; mehr &amp;lt;3</title></item>
        <item><guid>2</guid><link>https://blog.example.de/2</link><title><![CDATA[<script>steal()</script>Titel &#8211; Teil 2]]></title></item>`),
      options,
    );
    expect(feed.articles.map((a) => a.title)).toEqual(['Neues Handy & mehr <3', 'Titel – Teil 2']);
  });

  it('parses a feed of 50,000 items', () => {
    const items = Array.from(
      { length: 50_000 },
      (_, i) => `<item><guid>g${i}</guid><link>https://blog.example.de/${i}</link><title>T ${i}</title><pubDate>Tue, 24 Nov 2026 07:30:00 +0000</pubDate><category>Huawei</category><description>Kurz ${i}.</description></item>`,
    ).join('');
    const feed = parseFeedBody(rss(items), options);
    expect(feed.articles).toHaveLength(50_000);
    expect(feed.articles[49_999]).toMatchObject({ externalId: 'g49999', title: 'T 49999', excerpt: 'Kurz 49999.' });
  });
});
