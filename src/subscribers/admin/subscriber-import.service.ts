import { Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { suppressionHash, type EmailAddress } from '#src/subscribers/email-address.js';
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
      acceptBatch: (rows, context) => this.accept(rows, context, request.importedBy),
    });
    return importer.import(source, {
      mode: request.mode,
      dryRun: request.dryRun,
      note: request.note,
      // Only newsletters that exist and are enabled: a row naming another one is reported, not imported.
      knownNewsletters: new Set(options.map((o) => o.slug)),
    });
  }

  private async findSuppressed(addresses: readonly EmailAddress[]): Promise<Set<string>> {
    const hashes = new Map(addresses.map((a) => [suppressionHash(a, this.config.secretKey), a.key]));
    const suppressed = await this.repository.findSuppressedHashes([...hashes.keys()]);
    return new Set([...suppressed].map((hash) => hashes.get(hash) ?? ''));
  }

  private async accept(rows: readonly AcceptedSubscriberRow[], context: ImportBatchContext, importedBy: string): Promise<void> {
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
      { kind: 'import', source: 'import', note: `${context.mode} by ${importedBy}${context.note ? `: ${context.note}` : ''}` },
    );
    if (!documented) {
      for (const { id } of inserted) await this.jobs.send('subscribers.send-confirmation', { subscriberId: id });
    }
  }
}
