/**
 * What schedules need from the newsletters/delivery feature, as a consumer-side port (abstract
 * class = DI token). Schedules never touch newsletter, issue or delivery tables; the newsletters
 * feature binds an implementation (see `SchedulesModule.forRoot`).
 *
 * Contract: `buildIssue` is idempotent per (newsletterId, slotKey) — a repeated call for the same
 * slot returns the issue already built — and `startSending`/`expireDraft` are idempotent per issue.
 * The scheduler already calls each at most once per slot; idempotency covers a crash between the
 * call and the scheduler recording its result.
 */
export type ApprovalMode = 'auto' | 'approval';

export interface NewsletterSettings {
  exists: boolean;
  /** A disabled newsletter is paused: its slots are recorded as skipped. */
  enabled: boolean;
  approvalMode: ApprovalMode;
  /** Minutes after creation a draft may wait for approval before it expires; null: no deadline. */
  approvalDeadlineMinutes: number | null;
  /** Fewer unsent articles than this → the slot is skipped. */
  minArticles: number;
}

export interface BuildIssueRequest {
  /** Unique per newsletter: a clock slot's UTC instant, `publish:<window start>`, or `manual:<uuid>`. */
  slotKey: string;
  /** Only articles published after this instant (the previous slot issue); null: no lower bound. */
  since: Date | null;
  minArticles: number;
  /** `draft` waits for approval; `ready` is about to be sent with `startSending`. */
  status: 'draft' | 'ready';
  /** The editor asked for a welcome issue: the latest articles, also from before the newsletter existed. */
  welcome?: WelcomeRequest;
}

export interface WelcomeRequest {
  /** Undefined: the newsletter's own maximum. */
  readonly articles?: number;
}

export type BuildIssueResult = { kind: 'built'; issueId: string; articleCount: number } | { kind: 'skipped'; reason: string };

export interface DigestPreview {
  subject: string;
  html: string;
  text: string;
  /** The WhatsApp channel text, when the newsletter posts there. */
  whatsappText?: string;
  articleCount: number;
}

export interface IssueSummary {
  issueId: string;
  slotKey: string | null;
  status: string;
  subject: string;
  /** Articles in the issue, whoever built it (a slot, send-now or POST /api/newsletters/:id/issues). */
  articleCount: number;
  createdAt: Date;
  sendingStartedAt: Date | null;
  finishedAt: Date | null;
  /** Delivery counters as the delivery feature reports them (recipients, sent, failed, …). */
  stats: Record<string, number>;
}

export abstract class IssueGateway {
  abstract newsletterSettings(newsletterId: string): Promise<NewsletterSettings>;

  /** Builds an issue from the newsletter's unsent articles (tags any-of, newest first, up to its maximum). */
  abstract buildIssue(newsletterId: string, request: BuildIssueRequest): Promise<BuildIssueResult>;

  abstract startSending(issueId: string): Promise<void>;

  /** A draft that was not approved in time: cancel it unsent (its articles stay unsent). */
  abstract expireDraft(issueId: string): Promise<void>;

  /** The next digest from the current articles, without creating an issue. */
  abstract previewNext(newsletterId: string, welcome?: WelcomeRequest): Promise<DigestPreview>;

  /** Sends the preview to these addresses only; no issue, no ledger rows. */
  abstract testSend(newsletterId: string, to: readonly string[], options: { subjectPrefix: string }): Promise<void>;

  abstract issueHistory(newsletterId: string): Promise<IssueSummary[]>;

  /** Enabled newsletters whose tags match this article. */
  abstract newslettersForArticle(articleId: string): Promise<string[]>;
}
