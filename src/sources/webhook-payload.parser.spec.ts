import { readFileSync } from 'node:fs';
import { parseWebhookPayload } from './webhook-payload.parser.js';
import { SourceDataError } from './source-data-error.js';

const posts = JSON.parse(
  readFileSync(new URL('../../test/fixtures/wordpress/posts-embed.json', import.meta.url), 'utf8'),
) as { id: number }[];

function fieldOf(body: unknown): string {
  try {
    parseWebhookPayload(body);
  } catch (err) {
    if (err instanceof SourceDataError) return err.field;
    throw err;
  }
  throw new Error('expected a SourceDataError');
}

const minimal = {
  url: 'https://blog.example.de/2026/11/neu/',
  title: 'Neues &amp; Wichtiges',
  tags: ['Huawei', 'Smartphones'],
  publishedAt: '2026-11-24T08:30:00+01:00',
};

describe('parseWebhookPayload', () => {
  it('accepts a WordPress post JSON', () => {
    const payload = parseWebhookPayload(posts.find((p) => p.id === 5));
    expect(payload.kind).toBe('article');
    if (payload.kind !== 'article') return;
    expect(payload.article.tags.map((t) => t.name)).toEqual(['Huawei', 'Smartphones', 'USA']);
  });

  it('accepts the minimal shape', () => {
    expect(parseWebhookPayload({ ...minimal, excerpt: '<p>Erster Satz.</p>' })).toEqual({
      kind: 'article',
      article: {
        externalId: minimal.url,
        url: minimal.url,
        title: 'Neues & Wichtiges',
        excerpt: 'Erster Satz.',
        publishedAt: new Date('2026-11-24T07:30:00Z'),
        tags: [
          { name: 'Huawei', slug: 'huawei' },
          { name: 'Smartphones', slug: 'smartphones' },
        ],
        categories: [],
        status: 'published',
      },
    });
    const withId = parseWebhookPayload({ ...minimal, id: 42, imageUrl: 'https://blog.example.de/a.png' });
    expect(withId).toMatchObject({ article: { externalId: '42', imageUrl: 'https://blog.example.de/a.png' } });
  });

  it('accepts "post N changed/deleted"', () => {
    expect(parseWebhookPayload({ action: 'changed', postId: 5 })).toEqual({ kind: 'post-changed', postId: 5 });
    expect(parseWebhookPayload({ action: 'deleted', postId: '7' })).toEqual({ kind: 'post-deleted', postId: 7 });
  });

  it.each([
    [{ action: 'edited', postId: 5 }, 'action'],
    [{ action: 'changed' }, 'postId'],
    [{ ...minimal, url: 'ftp://x/y' }, 'url'],
    [{ ...minimal, url: undefined }, 'url'],
    [{ ...minimal, title: '' }, 'title'],
    [{ ...minimal, title: '<script>x()</script>' }, 'title'],
    [{ ...minimal, tags: 'Huawei' }, 'tags'],
    [{ ...minimal, publishedAt: 'gestern' }, 'publishedAt'],
    [{ ...minimal, imageUrl: 'nope' }, 'imageUrl'],
    [[minimal], ''],
    [{ id: 5, title: { rendered: 'x' } }, 'link'],
  ])('names the bad field in %j', (body, field) => {
    expect(fieldOf(body)).toBe(field);
  });
});
