import { readFileSync } from 'node:fs';
import { mapWordPressPost } from './wordpress-post.mapper.js';
import { SourceDataError } from './source-data-error.js';

const posts = JSON.parse(
  readFileSync(new URL('../../test/fixtures/wordpress/posts-embed.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];
const byId = (id: number) => structuredClone(posts.find((p) => p.id === id)!);

function dataError(fn: () => unknown): SourceDataError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SourceDataError) return err;
    throw err;
  }
  throw new Error('expected a SourceDataError');
}

describe('mapWordPressPost', () => {
  it('maps the sample post with tags, category, image, credit and author', () => {
    const article = mapWordPressPost(byId(5), { language: 'de-DE' });
    expect(article).toMatchObject({
      externalId: '5',
      url: 'https://blog.example.de/2026/11/um-seine-smartphones-zu-retten-huawei-chef-bittet-us-praesident-um-gespraeche/',
      title: 'Um seine Smartphones zu retten: Huawei-Chef bittet US-Präsident um Gespräche',
      imageUrl: 'https://blog.example.de/wp-content/uploads/2026/11/huawei-head.png',
      imageCredit: '@markcjn, Unsplash',
      author: 'admin',
      language: 'de-DE',
      tags: [
        { name: 'Huawei', slug: 'huawei' },
        { name: 'Smartphones', slug: 'smartphones' },
        { name: 'USA', slug: 'usa' },
      ],
      categories: [{ name: 'News', slug: 'news' }],
      status: 'published',
    });
    expect(article.imageAlt).toBeUndefined(); // alt_text is empty in the fixture
    // date is 08:30 Berlin time; date_gmt 07:30 is the instant.
    expect(article.publishedAt.toISOString()).toBe('2026-11-24T07:30:00.000Z');
    expect(article.modifiedAt?.toISOString()).toBe('2026-11-24T07:30:00.000Z');
    expect(article.excerpt.startsWith('Schon seit bald zwei Jahren')).toBe(true);
    expect(article.excerpt).not.toMatch(/sd_posts|via CNBC|WhatsApp|Unsplash|\[/);
  });

  it('maps a post without featured image', () => {
    const article = mapWordPressPost(byId(4));
    expect(article.imageUrl).toBeUndefined();
    expect(article.tags.map((t) => t.slug)).toEqual(['harmonyos', 'huawei']);
    expect(article.excerpt).toContain('SDK <ArkTS> und');
  });

  it('marks a post whose status is no longer publish as withdrawn', () => {
    expect(mapWordPressPost({ ...byId(7), status: 'draft' }).status).toBe('withdrawn');
    expect(mapWordPressPost({ ...byId(7), status: 'private' }).status).toBe('withdrawn');
  });

  it('keeps the alt text and decodes entities in term names', () => {
    const post = byId(7) as { _embedded: { 'wp:featuredmedia': { alt_text: string }[]; 'wp:term': { name: string }[][] } };
    post._embedded['wp:featuredmedia'][0].alt_text = 'Das Honor Magic 8 Pro';
    post._embedded['wp:term'][1][0].name = 'Apps &amp; Dienste';
    const article = mapWordPressPost(post);
    expect(article.imageAlt).toBe('Das Honor Magic 8 Pro');
    expect(article.tags[0]).toEqual({ name: 'Apps & Dienste', slug: 'google' });
  });

  it('ignores embedded error objects (private media)', () => {
    const post = { ...byId(7), _embedded: { 'wp:featuredmedia': [{ code: 'rest_forbidden', message: 'Nope' }] } };
    expect(mapWordPressPost(post).imageUrl).toBeUndefined();
  });

  it.each([
    [{ id: 'x' }, 'id'],
    [{ title: 'plain' }, 'title'],
    [{ link: 'javascript:alert(1)' }, 'link'],
    [{ date_gmt: null, date: 'kaputt' }, 'date_gmt'],
  ])('names the bad field for %j', (patch, field) => {
    expect(dataError(() => mapWordPressPost({ ...byId(7), ...patch })).field).toBe(field);
  });
});
