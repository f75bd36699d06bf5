import { Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { DeliveryOverviewService } from '#src/delivery/delivery-overview.service.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { NewslettersService } from '#src/newsletters/newsletters.service.js';
import { SchedulesOverviewService } from '#src/schedules/schedules-overview.service.js';
import { SourcesService } from '#src/sources/sources.service.js';
import { SubscriberGrowthService } from '#src/subscribers/subscriber-growth.service.js';
import { Clock } from '#src/system/clock.js';
import { SystemRepository } from '#src/system/system.repository.js';
import { WhatsAppAdminService } from '#src/whatsapp/whatsapp-admin.service.js';
import { buildGrowthChart, type GrowthChart } from './growth-chart.js';

const DAY_MS = 86_400_000;
const CHART_DAYS = 90;
// A worker counts as alive if it beat within this many heartbeat intervals (as /health counts).
const MISSED_BEATS_TOLERATED = 3;
/** The daily counters count Berlin calendar days (migration 0013). */
const COUNTER_ZONE = 'Europe/Berlin';

export interface DashboardOverview {
  upcoming: { newsletterName: string; at: Date }[];
  awaiting: { newsletterName: string; subject: string; slotAt: Date; expiresAt: Date | null; articleCount: number | null }[];
  week: { sent: number; failed: number; rejected: number; bounced: number; unsubscribed: number };
  health: {
    workersAlive: number;
    smtp: boolean;
    whatsapp: { enabled: boolean; status: string; lastError: string | null };
    sourceCount: number;
    failingSources: { name: string; failures: number; error: string }[];
  };
  chart: GrowthChart;
}

const dayIn = (date: Date, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone }).format(date);

/** Everything "Heute" shows except the live progress, each part from its feature's service. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly schedules: SchedulesOverviewService,
    private readonly newsletters: NewslettersService,
    private readonly issues: IssuesService,
    private readonly deliveries: DeliveryOverviewService,
    private readonly growth: SubscriberGrowthService,
    private readonly sources: SourcesService,
    private readonly system: SystemRepository,
    private readonly whatsapp: WhatsAppAdminService,
  ) {}

  async overview(): Promise<DashboardOverview> {
    const now = this.clock.now();
    const [names, upcoming, awaiting, week, health, days] = await Promise.all([
      this.newsletterNames(),
      this.schedules.nextSlotPerNewsletter(),
      this.schedules.awaitingApproval(),
      this.week(now),
      this.health(now),
      this.growth.daily(dayIn(new Date(now.getTime() - (CHART_DAYS - 1) * DAY_MS), COUNTER_ZONE), dayIn(now, COUNTER_ZONE)),
    ]);
    const subjects = new Map((await this.issues.summaries(awaiting.flatMap((a) => (a.issueId ? [a.issueId] : [])))).map((s) => [s.id, s.subject]));
    const nameOf = (id: string): string => names.get(id) ?? id;
    return {
      upcoming: upcoming.map((slot) => ({ newsletterName: nameOf(slot.newsletterId), at: slot.at })),
      awaiting: awaiting.map((draft) => ({
        newsletterName: nameOf(draft.newsletterId),
        subject: (draft.issueId && subjects.get(draft.issueId)) || '–',
        slotAt: draft.slotAt,
        expiresAt: draft.expiresAt,
        articleCount: draft.articleCount,
      })),
      week,
      health,
      chart: buildGrowthChart(days),
    };
  }

  private async newsletterNames(): Promise<Map<string, string>> {
    return new Map((await this.newsletters.list()).map((n) => [n.id, n.name]));
  }

  private async week(now: Date): Promise<DashboardOverview['week']> {
    const since = new Date(now.getTime() - 7 * DAY_MS);
    const [started, bounces, days] = await Promise.all([
      this.issues.startedSince(since),
      this.deliveries.bouncesSince(since),
      this.growth.daily(dayIn(new Date(now.getTime() - 6 * DAY_MS), COUNTER_ZONE), dayIn(now, COUNTER_ZONE)),
    ]);
    const totals = await this.deliveries.totalsOf(started.map((issue) => issue.id));
    return {
      sent: totals.sent,
      failed: totals.failed,
      rejected: totals.rejected,
      bounced: bounces.bounced,
      unsubscribed: days.reduce((sum, day) => sum + day.unsubscribed, 0),
    };
  }

  private async health(now: Date): Promise<DashboardOverview['health']> {
    const [beats, sources, whatsapp] = await Promise.all([
      this.system.heartbeatsSince(new Date(now.getTime() - MISSED_BEATS_TOLERATED * this.config.jobs.heartbeatMs)),
      this.sources.list(),
      this.config.whatsapp.enabled ? this.whatsapp.status() : Promise.resolve(null),
    ]);
    return {
      workersAlive: beats.length,
      smtp: Boolean(this.config.mail.smtpUrl),
      whatsapp: whatsapp ? { enabled: true, status: whatsapp.status, lastError: whatsapp.lastError } : { enabled: false, status: 'disabled', lastError: null },
      sourceCount: sources.length,
      failingSources: sources
        .filter((source) => source.enabled && source.health.consecutiveFailures > 0)
        .map((source) => ({ name: source.name, failures: source.health.consecutiveFailures, error: source.health.lastError ?? '' })),
    };
  }
}
