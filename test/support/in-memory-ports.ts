import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ArticleCatalog, type CatalogArticle, type DigestQuery } from '#src/articles/article-catalog.js';
import { SubscriberDirectory, type Recipient, type RecipientLinks, type SuppressionReason } from '#src/subscribers/subscriber-directory.js';

/**
 * In-memory SubscriberDirectory for tests until the subscribers feature's implementation is
 * merged; same contract (keyset paging by subscriber id, deliverability, suppression, links).
 */
export class InMemorySubscriberDirectory extends SubscriberDirectory {
  readonly subscribers = new Map<string, Recipient & { newsletters: Set<string>; active: boolean }>();
  readonly suppressed = new Map<string, SuppressionReason>();
  /** When each subscriber's subscription last changed (for noLongerDeliverableSince). */
  private readonly changedAt = new Map<string, Date>();
  /** Called after every listRecipients page: lets a test change state "during the send". */
  onListed?: () => void;

  constructor(private readonly publicUrl = 'https://postbote.test') {
    super();
  }

  add(id: string, email: string, newsletters: string[], name: string | null = null): void {
    this.subscribers.set(id, { subscriberId: id, email, name, locale: 'de', newsletters: new Set(newsletters), active: true });
  }

  unsubscribe(id: string): void {
    const s = this.subscribers.get(id);
    if (s) s.active = false;
    this.changedAt.set(id, new Date());
  }

  private deliverable(id: string, slug: string): boolean {
    const s = this.subscribers.get(id);
    return Boolean(s && s.active && s.newsletters.has(slug) && !this.suppressed.has(s.email.toLowerCase()));
  }

  listRecipients(slug: string, after: string | null, limit: number): Promise<Recipient[]> {
    const page = [...this.subscribers.values()]
      .filter((s) => this.deliverable(s.subscriberId, slug) && (after === null || s.subscriberId > after))
      .sort((a, b) => (a.subscriberId < b.subscriberId ? -1 : 1))
      .slice(0, limit)
      .map(({ subscriberId, email, name, locale }) => ({ subscriberId, email, name, locale }));
    this.onListed?.();
    return Promise.resolve(page);
  }

  filterDeliverable(slug: string, ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.deliverable(id, slug))));
  }

  noLongerDeliverableSince(slug: string, since: Date): Promise<string[]> {
    const changed = [...this.changedAt].filter(([id, at]) => at >= since && !this.deliverable(id, slug));
    return Promise.resolve(changed.map(([id]) => id));
  }

  suppressAddress(email: string, reason: SuppressionReason): Promise<void> {
    this.suppressed.set(email.toLowerCase(), reason);
    for (const s of this.subscribers.values()) if (s.email.toLowerCase() === email.toLowerCase()) this.changedAt.set(s.subscriberId, new Date());
    return Promise.resolve();
  }

  linksFor(subscriberId: string): RecipientLinks {
    const token = encodeURIComponent(`tok-${subscriberId}`);
    return { unsubscribeUrl: `${this.publicUrl}/unsubscribe?token=${token}`, preferencesUrl: `${this.publicUrl}/preferences?token=${token}` };
  }
}

export class InMemoryArticleCatalog extends ArticleCatalog {
  readonly articles: CatalogArticle[] = [];

  add(...articles: CatalogArticle[]): void {
    this.articles.push(...articles);
  }

  findForDigest(query: DigestQuery): Promise<CatalogArticle[]> {
    const exclude = new Set(query.excludeIds ?? []);
    return Promise.resolve(
      this.articles
        .filter((a) => a.status === 'published' && !exclude.has(a.id))
        .filter((a) => query.tagSlugs.length === 0 || a.tags.some((t) => query.tagSlugs.includes(t.slug)))
        .filter((a) => !query.publishedAfter || a.publishedAt > query.publishedAfter)
        .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime())
        .slice(0, query.limit),
    );
  }

  getByIds(ids: readonly string[]): Promise<CatalogArticle[]> {
    return Promise.resolve(this.articles.filter((a) => ids.includes(a.id)));
  }
}

@Global()
@Module({})
class TestPortsModule {}

/** A global module binding both ports to the given in-memory implementations. */
export function testPorts(directory: SubscriberDirectory, catalog: ArticleCatalog): DynamicModule {
  return {
    module: TestPortsModule,
    global: true,
    providers: [
      { provide: SubscriberDirectory, useValue: directory },
      { provide: ArticleCatalog, useValue: catalog },
    ],
    exports: [SubscriberDirectory, ArticleCatalog],
  };
}
