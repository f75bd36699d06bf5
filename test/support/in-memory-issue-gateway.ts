import { randomUUID } from 'node:crypto';
import {
  IssueGateway,
  type BuildIssueRequest,
  type BuildIssueResult,
  type DigestPreview,
  type IssueSummary,
  type NewsletterSettings,
} from '#src/schedules/issue-gateway.js';
import { Clock, SystemClock } from '#src/system/clock.js';

interface FakeArticle {
  id: string;
  title: string;
  tags: string[];
  publishedAt: Date;
}

interface FakeNewsletter {
  settings: NewsletterSettings;
  tags: string[];
}

interface FakeIssue {
  issueId: string;
  newsletterId: string;
  slotKey: string;
  status: 'draft' | 'ready' | 'sending' | 'expired';
  articleIds: string[];
  createdAt: Date;
}

export type GatewayCall =
  | { method: 'buildIssue'; newsletterId: string; request: BuildIssueRequest }
  | { method: 'startSending' | 'expireDraft'; issueId: string }
  | { method: 'testSend'; newsletterId: string; to: readonly string[]; subjectPrefix: string };

/**
 * The newsletters side of the IssueGateway port, in memory: newsletters with tags, articles, and
 * issues that never repeat an article. Records every call so tests can check what the scheduler did.
 */
export class InMemoryIssueGateway extends IssueGateway {
  readonly calls: GatewayCall[] = [];
  readonly issues = new Map<string, FakeIssue>();
  private readonly newsletters = new Map<string, FakeNewsletter>();
  private readonly failingBuilds = new Map<string, string>();
  private readonly articles: FakeArticle[] = [];

  constructor(private readonly clock: Clock = new SystemClock()) {
    super();
  }

  addNewsletter(id: string, options: Partial<NewsletterSettings> & { tags?: string[] } = {}): string {
    const { tags = ['news'], ...settings } = options;
    this.newsletters.set(id, {
      tags,
      settings: { exists: true, enabled: true, approvalMode: 'auto', approvalDeadlineMinutes: null, minArticles: 1, ...settings },
    });
    return id;
  }

  updateSettings(id: string, settings: Partial<NewsletterSettings>): void {
    const newsletter = this.require(id);
    newsletter.settings = { ...newsletter.settings, ...settings };
  }

  addArticle(tags: string[], publishedAt: Date, title = `Article ${this.articles.length + 1}`): string {
    const id = randomUUID();
    this.articles.push({ id, title, tags, publishedAt });
    return id;
  }

  /** Every buildIssue for this newsletter throws, as a broken newsletters side would. */
  failBuilds(newsletterId: string, message: string): void {
    this.failingBuilds.set(newsletterId, message);
  }

  callsFor(method: GatewayCall['method'], newsletterId?: string): GatewayCall[] {
    return this.calls.filter((c) => c.method === method && (newsletterId === undefined || !('newsletterId' in c) || c.newsletterId === newsletterId));
  }

  newsletterSettings(newsletterId: string): Promise<NewsletterSettings> {
    const settings = this.newsletters.get(newsletterId)?.settings;
    return Promise.resolve(settings ?? { exists: false, enabled: false, approvalMode: 'auto', approvalDeadlineMinutes: null, minArticles: 1 });
  }

  buildIssue(newsletterId: string, request: BuildIssueRequest): Promise<BuildIssueResult> {
    this.calls.push({ method: 'buildIssue', newsletterId, request });
    const failure = this.failingBuilds.get(newsletterId);
    if (failure) return Promise.reject(new Error(failure));
    const existing = [...this.issues.values()].find((i) => i.newsletterId === newsletterId && i.slotKey === request.slotKey);
    if (existing) return Promise.resolve({ kind: 'built', issueId: existing.issueId, articleCount: existing.articleIds.length });
    const candidates = this.unsent(newsletterId, request.since);
    if (candidates.length < request.minArticles) {
      return Promise.resolve({ kind: 'skipped', reason: `${candidates.length} new article(s), minimum ${request.minArticles}` });
    }
    const issue: FakeIssue = {
      issueId: randomUUID(),
      newsletterId,
      slotKey: request.slotKey,
      status: request.status,
      articleIds: candidates.map((a) => a.id),
      createdAt: this.clock.now(),
    };
    this.issues.set(issue.issueId, issue);
    return Promise.resolve({ kind: 'built', issueId: issue.issueId, articleCount: issue.articleIds.length });
  }

  startSending(issueId: string): Promise<void> {
    this.calls.push({ method: 'startSending', issueId });
    this.requireIssue(issueId).status = 'sending';
    return Promise.resolve();
  }

  expireDraft(issueId: string): Promise<void> {
    this.calls.push({ method: 'expireDraft', issueId });
    this.requireIssue(issueId).status = 'expired';
    return Promise.resolve();
  }

  previewNext(newsletterId: string): Promise<DigestPreview> {
    const articles = this.unsent(newsletterId, null);
    return Promise.resolve({
      subject: `${newsletterId}: ${articles[0]?.title ?? 'no articles'}`,
      html: `<ul>${articles.map((a) => `<li>${a.title}</li>`).join('')}</ul>`,
      text: articles.map((a) => `- ${a.title}`).join('\n'),
      whatsappText: articles.map((a) => `*${a.title}*`).join('\n'),
      articleCount: articles.length,
    });
  }

  testSend(newsletterId: string, to: readonly string[], options: { subjectPrefix: string }): Promise<void> {
    this.calls.push({ method: 'testSend', newsletterId, to, subjectPrefix: options.subjectPrefix });
    return Promise.resolve();
  }

  issueHistory(newsletterId: string): Promise<IssueSummary[]> {
    return Promise.resolve(
      [...this.issues.values()]
        .filter((i) => i.newsletterId === newsletterId)
        .map((i) => ({
          issueId: i.issueId,
          slotKey: i.slotKey,
          status: i.status,
          subject: `${newsletterId} issue`,
          articleCount: i.articleIds.length,
          createdAt: i.createdAt,
          sendingStartedAt: null,
          finishedAt: null,
          stats: { recipients: 0, sent: 0 },
        })),
    );
  }

  newslettersForArticle(articleId: string): Promise<string[]> {
    const article = this.articles.find((a) => a.id === articleId);
    if (!article) return Promise.resolve([]);
    return Promise.resolve(
      [...this.newsletters.entries()].filter(([, n]) => n.settings.enabled && n.tags.some((t) => article.tags.includes(t))).map(([id]) => id),
    );
  }

  private unsent(newsletterId: string, since: Date | null): FakeArticle[] {
    const newsletter = this.require(newsletterId);
    const sent = new Set([...this.issues.values()].filter((i) => i.newsletterId === newsletterId && i.status !== 'expired').flatMap((i) => i.articleIds));
    return this.articles
      .filter((a) => newsletter.tags.some((t) => a.tags.includes(t)) && !sent.has(a.id) && (since === null || a.publishedAt > since))
      .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  }

  private require(id: string): FakeNewsletter {
    const newsletter = this.newsletters.get(id);
    if (!newsletter) throw new Error(`no newsletter ${id}`);
    return newsletter;
  }

  private requireIssue(id: string): FakeIssue {
    const issue = this.issues.get(id);
    if (!issue) throw new Error(`no issue ${id}`);
    return issue;
  }
}
