import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ArticleCatalog } from '#src/articles/article-catalog.js';
import { AppConfig } from '#src/config/app-config.js';
import { MailTransport } from '#src/mail/mail-transport.js';
import { IssueBuilder } from '#src/newsletters/issue-builder.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { toWhatsAppArticle } from '#src/newsletters/newsletter-whatsapp-content.js';
import { NewslettersService } from '#src/newsletters/newsletters.service.js';
import { personalise } from '#src/rendering/digest-renderer.js';
import {
  IssueGateway,
  type BuildIssueRequest,
  type BuildIssueResult,
  type DigestPreview,
  type IssueSummary,
  type NewsletterSettings,
  type WelcomeRequest,
} from '#src/schedules/issue-gateway.js';
import { WhatsAppPublisher } from '#src/whatsapp/whatsapp-publisher.js';
import { IssueSender } from './issue-sender.js';
import { IssueStatsService } from './issue-stats.service.js';

/** Binds the schedules feature's IssueGateway port to newsletters, issue building and delivery. */
@Injectable()
export class NewslettersIssueGateway extends IssueGateway {
  constructor(
    private readonly newsletters: NewslettersService,
    private readonly builder: IssueBuilder,
    private readonly issues: IssuesService,
    private readonly sender: IssueSender,
    private readonly stats: IssueStatsService,
    private readonly catalog: ArticleCatalog,
    private readonly mail: MailTransport,
    private readonly whatsapp: WhatsAppPublisher,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async newsletterSettings(newsletterId: string): Promise<NewsletterSettings> {
    const row = await this.newsletters.get(newsletterId).catch(notFoundAsNull);
    if (!row) return { exists: false, enabled: false, approvalMode: 'auto', approvalDeadlineMinutes: null, minArticles: 1 };
    return {
      exists: true,
      enabled: row.enabled,
      approvalMode: row.approvalMode,
      approvalDeadlineMinutes: row.approvalDeadlineMinutes,
      minArticles: row.minArticles,
    };
  }

  async buildIssue(newsletterId: string, request: BuildIssueRequest): Promise<BuildIssueResult> {
    const result = await this.builder.build(newsletterId, {
      slotKey: request.slotKey,
      since: request.since ?? undefined,
      minArticles: request.minArticles,
      welcome: request.welcome,
    });
    if (result.outcome === 'empty') return { kind: 'skipped', reason: result.reason };
    return { kind: 'built', issueId: result.issue.id, articleCount: result.issue.articleCount };
  }

  async startSending(issueId: string): Promise<void> {
    try {
      await this.sender.start(issueId);
    } catch (error) {
      // Idempotent: an issue already under way (a repeated call after a crash) is fine.
      if (error instanceof ConflictException && (await this.issues.get(issueId)).status !== 'draft') return;
      throw error;
    }
  }

  async expireDraft(issueId: string): Promise<void> {
    if ((await this.issues.get(issueId)).status !== 'draft') return;
    await this.sender.cancel(issueId);
  }

  async previewNext(newsletterId: string, welcome?: WelcomeRequest): Promise<DigestPreview> {
    const newsletter = await this.newsletters.get(newsletterId);
    const preview = await this.builder.preview(newsletterId, { welcome });
    if (!preview) {
      const scope = welcome ? '' : ` published since the newsletter was created (${newsletter.createdAt.toISOString()}); older articles only in a welcome issue (?welcome=true)`;
      throw new UnprocessableEntityException(`no unsent articles for tags [${newsletter.tagSlugs.join(', ')}]${scope}`);
    }
    const links = this.neutralLinks(newsletter.slug);
    const rendered = personalise(preview, links);
    const whatsapp = newsletter.channels.includes('whatsapp')
      ? await this.whatsapp.previewDraft(newsletterId, { newsletterName: newsletter.name, locale: newsletter.locale, articles: preview.articles.map(toWhatsAppArticle) })
      : null;
    return {
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      whatsappText: whatsapp?.posts.map((post) => post.text).join('\n\n---\n\n'),
      articleCount: preview.articles.length,
    };
  }

  async testSend(newsletterId: string, to: readonly string[], options: { subjectPrefix: string }): Promise<void> {
    const newsletter = await this.newsletters.get(newsletterId);
    const preview = await this.previewNext(newsletterId);
    for (const address of to) {
      await this.mail.send({
        from: { name: newsletter.senderName, address: newsletter.senderAddress },
        to: address,
        replyTo: newsletter.replyTo ?? undefined,
        subject: `${options.subjectPrefix}${preview.subject}`,
        html: preview.html,
        text: preview.text,
        headers: { 'X-Postbote-Test': 'true' },
      });
    }
  }

  async issueHistory(newsletterId: string): Promise<IssueSummary[]> {
    const rows = await this.issues.history(newsletterId);
    return Promise.all(
      rows.map(async (issue) => ({
        issueId: issue.id,
        slotKey: issue.slotKey,
        status: issue.status,
        subject: issue.subject,
        articleCount: issue.articleCount,
        createdAt: issue.createdAt,
        sendingStartedAt: issue.sendStartedAt,
        finishedAt: issue.finishedAt,
        stats: numericStats(await this.stats.forIssue(issue.id)),
      })),
    );
  }

  async newslettersForArticle(articleId: string): Promise<string[]> {
    const [article] = await this.catalog.getByIds([articleId]);
    if (!article || article.status !== 'published') return [];
    const tags = new Set(article.tags.map((t) => t.slug));
    const all = await this.newsletters.list();
    return all.filter((n) => n.enabled && (n.tagSlugs.length === 0 || n.tagSlugs.some((slug) => tags.has(slug)))).map((n) => n.id);
  }

  /** Previews and test mails carry working but harmless links (to the subscribe page). */
  private neutralLinks(slug: string): { unsubscribeUrl: string; preferencesUrl: string } {
    const url = `${this.config.http.publicUrl}/subscribe?newsletter=${encodeURIComponent(slug)}`;
    return { unsubscribeUrl: url, preferencesUrl: url };
  }
}

function notFoundAsNull(error: unknown): null {
  if (error instanceof NotFoundException) return null;
  throw error;
}

function numericStats(stats: object): Record<string, number> {
  return Object.fromEntries(Object.entries(stats).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}
