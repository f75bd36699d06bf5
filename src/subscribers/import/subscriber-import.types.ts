import type { EmailAddress } from '#src/subscribers/email-address.js';
import type { CsvDelimiter, ImportColumnNames } from './csv-header.js';

/**
 * `consent-documented`: consent was collected elsewhere; rows are imported active with consent
 * source `import` and the admin's note. `send-confirmation`: rows are imported pending and get the
 * double opt-in mail.
 */
export type ImportMode = 'consent-documented' | 'send-confirmation';

export type RowRejectReason =
  | 'invalid address'
  | 'invalid name'
  | 'unknown newsletter'
  | 'duplicate in file'
  | 'suppressed'
  | 'already subscribed';

/** `row` is the spreadsheet row number: the header is row 1, the first data row is row 2. */
export interface RowIssue {
  readonly row: number;
  readonly reason: RowRejectReason;
  readonly detail?: string;
}

export interface AcceptedSubscriberRow {
  readonly row: number;
  readonly address: EmailAddress;
  readonly name: string | null;
  readonly newsletters: readonly string[];
}

export interface ImportBatchContext {
  readonly mode: ImportMode;
  readonly note: string | null;
}

/**
 * What the importer needs from the database. Lookups receive at most `batchSize` addresses and
 * return the `key`s (EmailAddress.key) that match; the suppression lookup should compare by
 * suppression hash, the subscriber lookup by key (pending or active both count as subscribed,
 * which makes a second import of the same file a no-op).
 */
export interface SubscriberImportPorts {
  findSuppressed(addresses: readonly EmailAddress[]): Promise<ReadonlySet<string>>;
  findExisting(addresses: readonly EmailAddress[]): Promise<ReadonlySet<string>>;
  acceptBatch(rows: readonly AcceptedSubscriberRow[], context: ImportBatchContext): Promise<void>;
}

export interface SubscriberImportOptions {
  readonly mode: ImportMode;
  readonly dryRun?: boolean;
  /** Required for `consent-documented`: where and how consent was documented. */
  readonly note?: string;
  readonly columns?: ImportColumnNames;
  /** Rows per lookup and per sink call; default 500. */
  readonly batchSize?: number;
  /** Issues listed in the report (counts stay exact beyond it); default 10,000. */
  readonly maxListedIssues?: number;
  /** When given, newsletter slugs outside it reject the row. */
  readonly knownNewsletters?: ReadonlySet<string>;
  /** Used when a row has no newsletters cell or it is empty. */
  readonly defaultNewsletters?: readonly string[];
}

export interface SubscriberImportReport {
  readonly mode: ImportMode;
  readonly dryRun: boolean;
  readonly delimiter: CsvDelimiter;
  /** The header cells that were used for each field. */
  readonly columns: Readonly<Record<string, string>>;
  readonly rows: number;
  readonly emptyRows: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Record<RowRejectReason, number>>;
  readonly issues: readonly RowIssue[];
  readonly issuesTruncated: boolean;
}
