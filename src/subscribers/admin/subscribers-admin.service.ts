import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { DeliveryHistory, type DeliveryHistoryEntry } from '#src/subscribers/delivery-history.js';
import { parseEmailAddress, suppressionHash, InvalidEmailError } from '#src/subscribers/email-address.js';
import { exportSubscribersCsv, type SubscriberCsvExportOptions, type SubscriberExportRow } from '#src/subscribers/import/subscriber-csv.exporter.js';
import { NewsletterOptions, unknownNewslettersProblem } from '#src/subscribers/newsletter-options.js';
import { STATUS_FOR_REASON } from '#src/subscribers/subscriber-directory.service.js';
import { SubscriberDirectory, type SuppressionReason } from '#src/subscribers/subscriber-directory.js';
import { isUuid, SubscribersRepository, type ConsentEventRow, type SubscriberRow } from '#src/subscribers/subscribers.repository.js';
import type { AdminStatusTarget, UpdateSubscriberDto } from './dto/subscriber-update.dto.js';
import { SubscribersAdminRepository, type PageCursor, type SubscriberFilter } from './subscribers-admin.repository.js';

export interface SubscriberView {
  id: string;
  email: string;
  name: string | null;
  status: string;
  locale: string;
  paused: boolean;
  source: string;
  newsletters: string[];
  createdAt: Date;
  confirmedAt: Date | null;
  statusChangedAt: Date;
}

const REASON_FOR_STATUS: Readonly<Record<Exclude<AdminStatusTarget, 'pending'>, SuppressionReason>> = {
  unsubscribed: 'manual',
  bounced: 'hard-bounce',
  complained: 'complaint',
};

/** Admin use cases over subscribers (the admin API). */
@Injectable()
export class SubscribersAdminService {
  constructor(
    private readonly config: AppConfig,
    private readonly admin: SubscribersAdminRepository,
    private readonly repository: SubscribersRepository,
    private readonly directory: SubscriberDirectory,
    private readonly jobs: JobsService,
    private readonly deliveries: DeliveryHistory,
    private readonly newsletterOptions: NewsletterOptions,
  ) {}

  async search(filter: SubscriberFilter, cursor: string | undefined, limit: number) {
    const rows = await this.admin.search(filter, cursor === undefined ? null : decodeCursor(cursor), limit);
    const last = rows.at(-1);
    return {
      items: rows.map(toView),
      nextCursor: rows.length === limit && last ? encodeCursor(last.cursor) : null,
      ...(await this.totalOf(filter)),
      countsByStatus: await this.admin.countByStatus(),
    };
  }

  async get(id: string) {
    const row = await this.require(id);
    return {
      subscriber: toView({ ...row, newsletters: await this.repository.newslettersOf(id) }),
      consentHistory: (await this.repository.consentHistory(id)).map(toConsentView),
      deliveryHistory: await this.deliveryHistory(id),
    };
  }

  async update(id: string, dto: UpdateSubscriberDto): Promise<SubscriberView> {
    await this.require(id);
    if (dto.newsletters !== undefined) await this.assertOffered(id, dto.newsletters);
    const left = await this.repository.transaction(async (repo) => {
      const heldBefore = await repo.newslettersOf(id);
      if (dto.name !== undefined) await repo.update(id, { name: dto.name?.trim() || null });
      if (dto.newsletters !== undefined) await repo.replaceNewsletters(id, dto.newsletters);
      const held = await repo.newslettersOf(id);
      await repo.addConsentEvent({ subscriberId: id, kind: 'change', source: 'api', newsletters: held, note: 'changed by an admin' });
      return heldBefore.filter((slug) => !held.includes(slug));
    });
    // After the commit: also the deliveries a worker already claimed for the newsletters left.
    await this.deliveries.stopQueuedFor(id, left);
    return (await this.get(id)).subscriber;
  }

  /** Ending states suppress the address; `pending` starts a new double opt-in. Never straight to active. */
  async changeStatus(id: string, status: AdminStatusTarget, note: string | undefined): Promise<SubscriberView> {
    const row = await this.require(id);
    if (status === 'pending') {
      await this.repository.transaction(async (repo) => {
        await repo.update(id, { status: 'pending', confirmedAt: null, statusChangedAt: new Date() });
        await repo.bumpTokenVersion(id);
        await repo.addConsentEvent({ subscriberId: id, kind: 'status', source: 'api', newsletters: [], note: note ?? 'new confirmation requested by an admin' });
      });
      await this.jobs.send('subscribers.send-confirmation', { subscriberId: id });
    } else {
      const reason = REASON_FOR_STATUS[status];
      const ended = await this.repository.transaction(async (repo) => {
        const endedIds = await repo.suppress(row.suppressionHash, reason, STATUS_FOR_REASON[reason], new Date());
        await repo.update(id, { status, statusChangedAt: new Date() });
        await repo.addConsentEvent({ subscriberId: id, kind: 'status', source: 'api', newsletters: [], note: note ?? `set to ${status} by an admin` });
        return endedIds;
      });
      await this.deliveries.stopQueued([...new Set([...ended, id])]);
    }
    return (await this.get(id)).subscriber;
  }

  /** GDPR Art. 15/20: everything held about the person. */
  async exportPersonalData(id: string) {
    const row = await this.require(id);
    return {
      exportedAt: new Date(),
      subscriber: toView({ ...row, newsletters: await this.repository.newslettersOf(id) }),
      consentHistory: (await this.repository.consentHistory(id)).map(toConsentView),
      onSuppressionList: await this.repository.isSuppressed(row.suppressionHash),
      deliveryHistory: await this.deliveryHistory(id),
    };
  }

  /**
   * GDPR Art. 17: only the keyed suppression hash and anonymous counts remain. The delivery
   * records go first: should the second step fail, a retry finds the person still there and
   * completes; the other order could leave their address in the ledger with nobody to erase.
   */
  async erase(id: string): Promise<void> {
    const row = isUuid(id) ? await this.repository.findById(id) : undefined;
    if (row === undefined) throw new NotFoundException(`subscriber ${id} not found`);
    await this.deliveries.forgetSubscriber(id, row.email);
    if (!(await this.admin.erase(id, 'erased'))) throw new NotFoundException(`subscriber ${id} not found`);
  }

  exportCsv(filter: SubscriberFilter, options: SubscriberCsvExportOptions): Readable {
    return exportSubscribersCsv(this.exportRows(filter), options);
  }

  async listSuppressions(after: string | undefined, limit: number) {
    const rows = await this.repository.listSuppressions(after ?? null, limit);
    return { items: rows, nextCursor: rows.length === limit ? (rows.at(-1)?.hash ?? null) : null };
  }

  async addSuppression(email: string): Promise<{ hash: string }> {
    await this.directory.suppressAddress(email, 'manual');
    return { hash: this.hashOf(email) };
  }

  /** By hash, or by address (hashed here). The address stays unmailed until it opts in again anyway. */
  async removeSuppression(hashOrEmail: string): Promise<void> {
    const hash = hashOrEmail.includes('@') ? this.hashOf(hashOrEmail) : hashOrEmail;
    if (!(await this.repository.removeSuppression(hash))) throw new NotFoundException('suppression not found');
  }

  private hashOf(email: string): string {
    try {
      return suppressionHash(parseEmailAddress(email), this.config.secretKey);
    } catch (error) {
      if (error instanceof InvalidEmailError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private async totalOf(filter: SubscriberFilter): Promise<{ total: number; totalEstimated: boolean }> {
    const { total, estimated } = await this.admin.count(filter);
    return { total, totalEstimated: estimated };
  }

  private async *exportRows(filter: SubscriberFilter): AsyncGenerator<SubscriberExportRow> {
    let cursor: PageCursor | null = null;
    for (;;) {
      const page = await this.admin.search(filter, cursor, 1000);
      for (const row of page) yield { ...row, newsletters: row.newsletters };
      const last = page.at(-1);
      if (page.length < 1000 || last === undefined) return;
      cursor = last.cursor;
    }
  }

  /**
   * Only what `POST /subscribe` and imports accept (enabled newsletters), plus those the subscriber
   * already holds: a disabled one is kept, as on the preferences page, so sending back the list
   * just read never fails.
   */
  private async assertOffered(id: string, slugs: readonly string[]): Promise<void> {
    const offered = (await this.newsletterOptions.list()).map((option) => option.slug);
    const problem = unknownNewslettersProblem(slugs, new Set([...offered, ...(await this.repository.newslettersOf(id))]));
    if (problem !== undefined) throw new BadRequestException([problem]);
  }

  private async deliveryHistory(id: string): Promise<DeliveryHistoryEntry[]> {
    return this.deliveries.forSubscriber(id);
  }

  private async require(id: string): Promise<SubscriberRow> {
    const row = await this.repository.findById(id);
    if (row === undefined) throw new NotFoundException(`subscriber ${id} not found`);
    return row;
  }
}

export function toView(row: SubscriberRow & { newsletters: string[] }): SubscriberView {
  const { id, email, name, status, locale, paused, source, newsletters, createdAt, confirmedAt, statusChangedAt } = row;
  return { id, email, name, status, locale, paused, source, newsletters, createdAt, confirmedAt, statusChangedAt };
}

function toConsentView(event: ConsentEventRow) {
  const { subscriberId: _subscriberId, ...rest } = event;
  return rest;
}

function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

/** UTC ISO time with up to microseconds, as the repository writes it. */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function decodeCursor(value: string): PageCursor {
  const [createdAt = '', id = ''] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!CURSOR_TIME.test(createdAt) || Number.isNaN(new Date(createdAt).getTime()) || !isUuid(id)) {
    throw new BadRequestException('cursor: not a cursor returned by this API');
  }
  return { createdAt, id };
}

