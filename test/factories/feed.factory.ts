import { readFileSync } from 'node:fs';

export const wordpressFixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/wordpress/${name}`, import.meta.url));

export interface FeedItemSpec {
  title: string;
  link?: string;
  guid?: string;
  pubDate?: string;
  description?: string;
  categories?: string[];
}

export function rssItem(item: FeedItemSpec): string {
  return [
    '<item>',
    `<title>${item.title}</title>`,
    item.link !== undefined ? `<link>${item.link}</link>` : '',
    item.guid !== undefined ? `<guid isPermaLink="false">${item.guid}</guid>` : '',
    item.pubDate !== undefined ? `<pubDate>${item.pubDate}</pubDate>` : '',
    (item.categories ?? []).map((c) => `<category><![CDATA[${c}]]></category>`).join(''),
    `<description><![CDATA[${item.description ?? 'Ein kurzer Text.'}]]></description>`,
    '</item>',
  ].join('');
}

export function rssFeed(items: readonly string[], encoding = 'UTF-8'): string {
  return `<?xml version="1.0" encoding="${encoding}"?><rss version="2.0"><channel><title>Test</title><link>https://news.example/</link>${items.join('')}</channel></rss>`;
}

/** The fixture feed with one more item in front, as the site's feed looks after a new post. */
export function fixtureFeedWith(extra: FeedItemSpec): string {
  const base = wordpressFixture('feed-rss2.xml').toString('utf8');
  return base.replace('<item>', `${rssItem(extra)}<item>`);
}
