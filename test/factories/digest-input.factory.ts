import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convert } from 'html-to-text';
import type { CompileIssueInput, DigestArticle, DigestNewsletter } from '#src/rendering/digest-renderer.js';

interface WpPost {
  date_gmt: string;
  link: string;
  title: { rendered: string };
  excerpt: { rendered: string };
  _embedded?: { 'wp:featuredmedia'?: Array<{ source_url: string; alt_text: string; caption: { rendered: string } }> };
}

export const TEMPLATES_DIR = path.join(process.cwd(), 'templates');

const plain = (html: string): string => convert(html, { wordwrap: false }).trim();

/** The three WordPress fixture posts as digest articles (oldest last in the file). */
export function fixtureArticles(): DigestArticle[] {
  const file = path.join(process.cwd(), 'test/fixtures/wordpress/posts-embed.json');
  const posts = JSON.parse(readFileSync(file, 'utf8')) as WpPost[];
  return posts.map((post) => {
    const media = post._embedded?.['wp:featuredmedia']?.[0];
    return {
      title: plain(post.title.rendered),
      url: post.link,
      excerpt: plain(post.excerpt.rendered),
      imageUrl: media?.source_url,
      imageAlt: media?.alt_text || undefined,
      imageCredit: media ? plain(media.caption.rendered) : undefined,
      publishedAt: new Date(`${post.date_gmt}Z`),
    };
  });
}

export function huaweiNewsletter(overrides: Partial<DigestNewsletter> = {}): DigestNewsletter {
  return {
    name: 'Huawei-News',
    slug: 'huawei',
    locale: 'de',
    subjectTemplate:
      '{{newsletter}}: {{firstTitle}}{{#if moreCount}} und {{moreCount}} {{plural moreCount "weiterer" "weitere"}}{{/if}}',
    footer: {
      imprint: 'Beispiel Verlag GmbH\nMusterstraße 1\n10115 Berlin',
      responsibleEditor: 'Erika Mustermann, Musterstraße 1, 10115 Berlin',
      affiliateDisclosure: '*provisionierte Affiliate-Links',
    },
    archiveUrl: 'https://news.example.de/archive/huawei/42',
    ...overrides,
  };
}

export function digestInput(articles: DigestArticle[] = fixtureArticles()): CompileIssueInput {
  return { newsletter: huaweiNewsletter(), articles };
}
