import { parseFeedBody } from './feed-parser.js';

const options = { feedUrl: 'https://x.example/feed/', now: new Date('2026-11-25T00:00:00Z') };

describe('core elements and extensions', () => {
  it('reads a prefixed Atom feed, taking atom:title over media:title', () => {
    const xml = `<?xml version="1.0"?><a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><a:title>T</a:title>
      <a:entry><media:title>Bild</media:title><a:title>Eigener Titel</a:title><a:id>urn:1</a:id><a:link href="https://x.example/1"/>
      <a:updated>2026-11-24T08:00:00Z</a:updated><a:summary>Text.</a:summary></a:entry></a:feed>`;
    expect(parseFeedBody(xml, options).articles).toEqual([expect.objectContaining({ title: 'Eigener Titel', url: 'https://x.example/1', excerpt: 'Text.' })]);
  });

  it('prefers the RSS <link> over an atom:link and a dc:date only fills a missing pubDate', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
      <item><atom:link rel="alternate" href="https://x.example/atom"/><link>https://x.example/rss</link><dc:date>2026-11-20T08:00:00Z</dc:date>
      <pubDate>Tue, 24 Nov 2026 08:00:00 +0000</pubDate><title>A</title></item>
      <item><atom:link href="https://x.example/nur-atom"/><dc:date>2026-11-20T08:00:00Z</dc:date><title>B</title></item></channel></rss>`;
    const [a, b] = parseFeedBody(xml, options).articles;
    expect(a).toMatchObject({ url: 'https://x.example/rss', publishedAt: new Date('2026-11-24T08:00:00Z') });
    expect(b).toMatchObject({ url: 'https://x.example/nur-atom', publishedAt: new Date('2026-11-20T08:00:00Z') });
  });

  it('never takes media:content with children as the article body', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
      <item><title>A</title><link>https://x.example/a</link><media:content url="https://x.example/a.jpg"><media:title>Bildtitel</media:title></media:content>
      <description>[shortcode]</description></item></channel></rss>`;
    expect(parseFeedBody(xml, options).articles[0]?.excerpt).not.toContain('Bildtitel');
  });
});
