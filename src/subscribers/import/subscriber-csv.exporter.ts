import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';

export interface SubscriberExportRow {
  readonly email: string;
  readonly name: string | null;
  readonly status: string;
  readonly newsletters: readonly string[];
  readonly createdAt: Date;
  readonly confirmedAt: Date | null;
}

export interface SubscriberCsvExportOptions {
  /** `;` opens correctly in German Excel; default `,`. */
  readonly delimiter?: ',' | ';';
  /** A UTF-8 BOM makes Excel read umlauts correctly; default true. */
  readonly bom?: boolean;
}

/** Header names match the importer's aliases, so an export can be re-imported as it is. */
const COLUMNS = ['email', 'name', 'status', 'newsletters', 'created_at', 'confirmed_at'] as const;

function toRecord(row: SubscriberExportRow): string[] {
  return [
    row.email,
    row.name ?? '',
    row.status,
    row.newsletters.join('|'),
    row.createdAt.toISOString(),
    row.confirmedAt?.toISOString() ?? '',
  ];
}

async function* records(rows: AsyncIterable<SubscriberExportRow> | Iterable<SubscriberExportRow>): AsyncGenerator<string[]> {
  for await (const row of rows) yield toRecord(row);
}

/**
 * Streams subscribers as CSV. Spreadsheet formula injection: csv-stringify's `escape_formulas`
 * prefixes every cell that starts with `=`, `+`, `-`, `@`, tab or CR with a `'`, so Excel and
 * LibreOffice show the text instead of evaluating it. The prefix is visible in the file; the
 * importer does not strip it, because a real name may start with `'`.
 */
export function exportSubscribersCsv(
  rows: AsyncIterable<SubscriberExportRow> | Iterable<SubscriberExportRow>,
  options: SubscriberCsvExportOptions = {},
): Readable {
  const stringifier = stringify({
    header: true,
    columns: [...COLUMNS],
    delimiter: options.delimiter ?? ',',
    bom: options.bom ?? true,
    escape_formulas: true,
    record_delimiter: 'windows',
  });
  // An error in the row source destroys the stringifier, so the consumer sees it there.
  pipeline(Readable.from(records(rows)), stringifier, () => undefined);
  return stringifier;
}
