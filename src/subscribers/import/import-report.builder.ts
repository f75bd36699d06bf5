import type { CsvDelimiter } from './csv-header.js';
import type {
  ImportMode,
  RowIssue,
  RowRejectReason,
  SubscriberImportReport,
} from './subscriber-import.types.js';

function emptyCounts(): Record<RowRejectReason, number> {
  return {
    'invalid address': 0,
    'invalid name': 0,
    'unknown newsletter': 0,
    'duplicate in file': 0,
    suppressed: 0,
    'already subscribed': 0,
  };
}

/** Collects counts exactly and lists issues up to a cap, so a hostile file cannot exhaust memory. */
export class ImportReportBuilder {
  rows = 0;
  emptyRows = 0;
  accepted = 0;
  private readonly counts = emptyCounts();
  private readonly issues: RowIssue[] = [];
  private truncated = false;

  constructor(private readonly maxListedIssues: number) {}

  reject(issue: RowIssue): void {
    this.counts[issue.reason] += 1;
    if (this.issues.length < this.maxListedIssues) this.issues.push(issue);
    else this.truncated = true;
  }

  build(meta: {
    mode: ImportMode;
    dryRun: boolean;
    delimiter: CsvDelimiter;
    columns: Readonly<Record<string, string>>;
  }): SubscriberImportReport {
    const rejected = Object.values(this.counts).reduce((sum, count) => sum + count, 0);
    return {
      ...meta,
      rows: this.rows,
      emptyRows: this.emptyRows,
      accepted: this.accepted,
      rejected,
      rejectedByReason: { ...this.counts },
      // Lookup rejections are recorded when their batch is checked, after later format errors.
      issues: [...this.issues].sort((a, b) => a.row - b.row),
      issuesTruncated: this.truncated,
    };
  }
}
