import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { suppressionHash, tryParseEmailAddress, type EmailAddress } from '#src/subscribers/email-address.js';
import { nameViolation, nameViolationDetail } from '#src/subscribers/subscriber-name.js';
import { SubscriberCsvImporter } from '#src/subscribers/import/subscriber-csv.importer.js';
import type { AcceptedSubscriberRow, ImportBatchContext, ImportMode, SubscriberImportReport } from '#src/subscribers/import/subscriber-import.types.js';
import { NewsletterOptions } from '#src/subscribers/newsletter-options.js';
import { SubscribersRepository } from '#src/subscribers/subscribers.repository.js';
import { SubscribersAdminRepository } from './subscribers-admin.repository.js';

export interface ImportRequest {
  mode: ImportMode;
  dryRun: boolean;
  note?: string;
  /** Who imported, for the consent record. */
  importedBy: string;
}

/** CSV import wired to the database: suppression and existing checks per batch, bulk inserts. */
@Injectable()
export class SubscriberImportService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: SubscribersRepository,
    private readonly admin: SubscribersAdminRepository,
    private readonly newsletterOptions: NewsletterOptions,
    private readonly jobs: JobsService,
  ) {}

  async import(source: AsyncIterable<Buffer | string>, request: ImportRequest): Promise<SubscriberImportReport> {
    const options = await this.newsletterOptions.list();
    const importer = new SubscriberCsvImporter({
      findSuppressed: (addresses) => this.findSuppressed(addresses),
      findExisting: (addresses) => this.repository.findExistingKeys(addresses.map((a) => a.key)),
      acceptBatch: async (rows, context) => void (await this.accept(rows, context, request.importedBy)),
    });
    return importer.import(source, {
      mode: request.mode,
      dryRun: request.dryRun,
      note: request.note,
      // Only newsletters that exist and are enabled: a row naming another one is reported, not imported.
      knownNewsletters: new Set(options.map((o) => o.slug)),
    });
  }

  /**
   * One reader, by the rules of a one-row import: a valid address and name, offered newsletters,
   * not suppressed (409), not already subscribed (409). Returns the new subscriber's id.
   */
  async addOne(input: { email: string; name?: string; newsletters: string[]; mode: ImportMode; note?: string }, importedBy: string): Promise<{ id: string; status: 'active' | 'pending' }> {
    const parsed = tryParseEmailAddress(input.email);
    if (!parsed.ok) throw new BadRequestException([`email: ${parsed.message}`]);
    const name = input.name?.trim() || null;
    const violation = name === null ? undefined : nameViolation(name);
    if (violation) throw new BadRequestException([nameViolationDetail(violation)]);
    const offered = new Set((await this.newsletterOptions.list()).map((o) => o.slug));
    const unknown = input.newsletters.filter((slug) => !offered.has(slug));
    if (unknown.length > 0) throw new BadRequestException([`newsletters: unknown ${unknown.join(', ')}`]);
    if ((await this.findSuppressed([parsed.address])).has(parsed.address.key)) throw new ConflictException('email: on the suppression list (unsubscribed, bounced, complained or erased)');
    if ((await this.repository.findExistingKeys([parsed.address.key])).size > 0) throw new ConflictException('email: already subscribed');
    const [inserted] = await this.accept([{ row: 1, address: parsed.address, name, newsletters: [...new Set(input.newsletters)] }], { mode: input.mode, note: input.note ?? null }, importedBy, 'api');
    if (!inserted) throw new ConflictException('email: already subscribed');
    return { id: inserted.id, status: input.mode === 'consent-documented' ? 'active' : 'pending' };
  }

  private async findSuppressed(addresses: readonly EmailAddress[]): Promise<Set<string>> {
    const hashes = new Map(addresses.map((a) => [suppressionHash(a, this.config.secretKey), a.key]));
    const suppressed = await this.repository.findSuppressedHashes([...hashes.keys()]);
    return new Set([...suppressed].map((hash) => hashes.get(hash) ?? ''));
  }

  private async accept(rows: readonly AcceptedSubscriberRow[], context: ImportBatchContext, importedBy: string, via: 'import' | 'api' = 'import'): Promise<{ id: string }[]> {
    const documented = context.mode === 'consent-documented';
    const now = new Date();
    const inserted = await this.admin.insertBatch(
      rows.map((row) => ({
        email: row.address.display,
        emailKey: row.address.key,
        suppressionHash: suppressionHash(row.address, this.config.secretKey),
        name: row.name,
        status: documented ? ('active' as const) : ('pending' as const),
        locale: 'de' as const,
        source: 'import' as const,
        confirmedAt: documented ? now : null,
        newsletters: row.newsletters,
      })),
      { kind: 'import', source: 'import', note: `${context.mode} by ${importedBy}${via === 'api' ? ' (API)' : ''}${context.note ? `: ${context.note}` : ''}` },
    );
    if (!documented) {
      for (const { id } of inserted) await this.jobs.send('subscribers.send-confirmation', { subscriberId: id });
    }
    return inserted;
  }
}
