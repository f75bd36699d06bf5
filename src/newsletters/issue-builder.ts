import { ConflictException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ArticleCatalog, type CatalogArticle } from '#src/articles/article-catalog.js';
import { AppConfig } from '#src/config/app-config.js';
import { DigestRenderer, type CompiledIssue, type DigestArticle, type DigestNewsletter } from '#src/rendering/digest-renderer.js';
import { IssuesRepository, isUniqueViolation } from './issues.repository.js';
import { NewsletterRenderError } from './newsletter-render.error.js';
import { NewslettersService } from './newsletters.service.js';
import type { IssueRow, NewsletterRow } from './newsletters.schema.js';

export interface BuildOptions {
  /** Scheduler slot (e.g. `cron:2026-03-29T05:00:00Z`): at most one issue per newsletter and slot. */
  readonly slotKey?: string;
  /** Only articles published after this instant (e.g. the previous slot). */
  readonly since?: Date;
  /** Fewer unsent articles than this → no issue (`empty`). Default 1. */
  readonly minArticles?: number;
  /** A welcome issue: the latest N unsent articles, also those published before the newsletter existed. */
  readonly welcome?: WelcomeIssue;
}

export interface WelcomeIssue {
  /** Undefined: the newsletter's own maximum. */
  readonly articles?: number;
}

export interface PreviewOptions {
  readonly since?: Date;
  readonly welcome?: WelcomeIssue;
}

export type BuildResult =
  | { readonly outcome: 'built'; readonly issue: IssueRow }
  | { readonly outcome: 'exists'; readonly issue: IssueRow }
  | { readonly outcome: 'empty'; readonly reason: string; readonly found: number };

export interface DigestPreview extends CompiledIssue {
  readonly articles: readonly CatalogArticle[];
}

function toDigestArticle(a: CatalogArticle): DigestArticle {
  return { title: a.title, url: a.url, excerpt: a.excerpt, imageUrl: a.imageUrl, imageAlt: a.imageAlt, imageCredit: a.imageCredit, publishedAt: a.publishedAt };
}

/**
 * Builds issues (editions) from the articles a newsletter has not sent yet, newest first, up to
 * its maximum. Public API for the schedules feature:
 * - `build(newsletterId, { slotKey?, since?, minArticles? })` → built | exists (same slot) | empty
 * - `preview(newsletterId, { since? })` → the next digest, nothing stored
 * MJML is compiled here, once per issue; delivery only personalises the stored result.
 */
@Injectable()
export class IssueBuilder {
  constructor(
    private readonly newsletters: NewslettersService,
    private readonly issues: IssuesRepository,
    private readonly catalog: ArticleCatalog,
    private readonly renderer: DigestRenderer,
    private readonly config: AppConfig,
  ) {}

  async build(newsletterId: string, options: BuildOptions = {}): Promise<BuildResult> {
    const newsletter = await this.newsletters.get(newsletterId);
    if (options.slotKey) {
      const existing = await this.issues.findBySlot(newsletterId, options.slotKey);
      if (existing) return { outcome: 'exists', issue: existing };
    }
    const articles = await this.unsentArticles(newsletter, options);
    const minimum = options.minArticles ?? 1;
    if (articles.length < minimum) {
      return { outcome: 'empty', found: articles.length, reason: emptyReason(newsletter, articles.length, minimum, options.welcome) };
    }
    const id = randomUUID();
    const compiled = await this.compile(newsletter, articles, id);
    try {
      const issue = await this.issues.createWithArticles(
        { id, newsletterId, slotKey: options.slotKey ?? null, subject: compiled.subject, html: compiled.html, text: compiled.text, locale: compiled.locale, articleCount: articles.length },
        articles.map((a) => a.id),
      );
      return { outcome: 'built', issue };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const raced = options.slotKey ? await this.issues.findBySlot(newsletterId, options.slotKey) : undefined;
      if (raced) return { outcome: 'exists', issue: raced };
      throw new ConflictException('another issue of this newsletter was built at the same moment with the same articles; try again');
    }
  }

  async preview(newsletterId: string, options: PreviewOptions = {}): Promise<DigestPreview | undefined> {
    const newsletter = await this.newsletters.get(newsletterId);
    const articles = await this.unsentArticles(newsletter, options);
    if (articles.length === 0) return undefined;
    return { ...(await this.compile(newsletter, articles)), articles };
  }

  /**
   * A newsletter carries only what was published after it was created: its first issue must not
   * flood new readers with the site's back catalogue. A welcome issue is the editor's explicit
   * exception (the latest N, whenever they were published).
   */
  private async unsentArticles(newsletter: NewsletterRow, options: PreviewOptions): Promise<CatalogArticle[]> {
    const used = await this.issues.usedArticleIds(newsletter.id);
    const publishedAfter = options.welcome ? options.since : latest(options.since, newsletter.createdAt);
    const limit = options.welcome?.articles ?? newsletter.maxArticles;
    return this.catalog.findForDigest({ tagSlugs: newsletter.tagSlugs, publishedAfter, excludeIds: used, limit });
  }

  private async compile(newsletter: NewsletterRow, articles: readonly CatalogArticle[], issueId?: string): Promise<CompiledIssue> {
    const digest: DigestNewsletter = {
      name: newsletter.name,
      slug: newsletter.slug,
      locale: newsletter.locale,
      subjectTemplate: newsletter.subjectTemplate,
      footer: newsletter.footer,
      archiveUrl: issueId ? archiveIssueUrl(this.config.http.publicUrl, newsletter.slug, issueId) : undefined,
    };
    try {
      return await this.renderer.compileIssue({ newsletter: digest, articles: articles.map(toDigestArticle) });
    } catch (error) {
      throw NewsletterRenderError.from(error, newsletter);
    }
  }
}

function latest(a: Date | undefined, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

function emptyReason(newsletter: NewsletterRow, found: number, minimum: number, welcome: WelcomeIssue | undefined): string {
  const what = `${found} unsent article(s) for tags [${newsletter.tagSlugs.join(', ')}]`;
  if (welcome) return `${what}, at least ${minimum} needed`;
  return `${what} published since the newsletter was created (${newsletter.createdAt.toISOString()}), at least ${minimum} needed; older articles go out only in a welcome issue (send-now with {"welcome": true})`;
}

export function archiveIssueUrl(publicUrl: string, slug: string, issueId: string): string {
  return `${publicUrl}/archive/${encodeURIComponent(slug)}/${issueId}`;
}
