import { parseFeedBody } from './feed-parser.js';

describe('feed item categories', () => {
  it('come from the item only, never from the channel (which was also quadratic on large feeds)', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><category>Kanal</category>
      <item><title>A</title><link>https://x.example/a</link><category>Huawei</category></item>
      <item><title>B</title><link>https://x.example/b</link></item></channel></rss>`;
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>
      <entry><title>C</title><id>urn:c</id><link href="https://x.example/c"/><category term="usa" label="USA"/><updated>2026-11-24T08:00:00Z</updated></entry></feed>`;
    const [a, b] = parseFeedBody(xml, { feedUrl: 'https://x.example/feed/' }).articles;
    expect(a?.tags.map((t) => t.name)).toEqual(['Huawei']);
    expect(b?.tags).toEqual([]);
    expect(parseFeedBody(atom, { feedUrl: 'https://x.example/feed/' }).articles[0]?.tags).toEqual([{ name: 'USA', slug: 'usa' }]);
  });
});
