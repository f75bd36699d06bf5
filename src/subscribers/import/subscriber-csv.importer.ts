import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import {
  CsvImportError,
  mapHeader,
  sniffDelimiter,
  type HeaderMapping,
  type ImportColumnNames,
} from './csv-header.js';
import { ImportReportBuilder } from './import-report.builder.js';
import { readRow, type RowRules } from './import-row.js';
import type {
  AcceptedSubscriberRow,
  ImportBatchContext,
  SubscriberImportOptions,
  SubscriberImportPorts,
  SubscriberImportReport,
} from './subscriber-import.types.js';

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_MAX_LISTED_ISSUES = 10_000;

interface Run {
  readonly report: ImportReportBuilder;
  readonly rules: RowRules;
  readonly context: ImportBatchContext;
  readonly dryRun: boolean;
  readonly batchSize: number;
  readonly seenKeys: Set<string>;
  readonly columnNames: ImportColumnNames;
  pending: AcceptedSubscriberRow[];
  mapping?: HeaderMapping;
  columns: Record<string, string>;
}

/**
 * Streams a subscriber CSV: records are parsed one by one, checked in batches against the
 * database through the injected ports and handed on in batches. Memory holds one batch plus the
 * set of keys seen (for "duplicate in file"), never the file.
 */
export class SubscriberCsvImporter {
  constructor(private readonly ports: SubscriberImportPorts) {}

  async import(source: AsyncIterable<Buffer | string>, options: SubscriberImportOptions): Promise<SubscriberImportReport> {
    const run = createRun(options);
    const { delimiter, stream } = await sniffDelimiter(source);
    const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
    try {
      await pipeline(stream, parser, async (records: AsyncIterable<string[]>) => {
        let row = 0;
        for await (const record of records) {
          row += 1;
          await this.handleRecord(run, record, row);
        }
        await this.flush(run);
      });
    } catch (error) {
      if (error instanceof CsvError) throw new CsvImportError(`csv: ${error.message}`);
      throw error;
    }
    if (run.mapping === undefined) throw new CsvImportError('csv: the file is empty (no header row)');
    return run.report.build({ mode: options.mode, dryRun: run.dryRun, delimiter, columns: run.columns });
  }

  private async handleRecord(run: Run, record: string[], row: number): Promise<void> {
    if (run.mapping === undefined) {
      run.mapping = mapHeader(record, run.columnNames);
      run.columns = describeColumns(record, run.mapping);
      return;
    }
    const result = readRow(record, row, run.mapping, run.rules);
    if (result.kind === 'empty') {
      run.report.emptyRows += 1;
      return;
    }
    run.report.rows += 1;
    if (result.kind === 'issue') {
      run.report.reject(result.issue);
      return;
    }
    const { candidate } = result;
    if (run.seenKeys.has(candidate.address.key)) {
      run.report.reject({ row, reason: 'duplicate in file' });
      return;
    }
    run.seenKeys.add(candidate.address.key);
    run.pending.push(candidate);
    if (run.pending.length >= run.batchSize) await this.flush(run);
  }

  private async flush(run: Run): Promise<void> {
    const batch = run.pending;
    if (batch.length === 0) return;
    run.pending = [];
    const addresses = batch.map((candidate) => candidate.address);
    const suppressed = await this.ports.findSuppressed(addresses);
    const existing = await this.ports.findExisting(addresses);
    const accepted: AcceptedSubscriberRow[] = [];
    for (const candidate of batch) {
      const key = candidate.address.key;
      if (suppressed.has(key)) run.report.reject({ row: candidate.row, reason: 'suppressed' });
      else if (existing.has(key)) run.report.reject({ row: candidate.row, reason: 'already subscribed' });
      else accepted.push(candidate);
    }
    run.report.accepted += accepted.length;
    if (!run.dryRun && accepted.length > 0) await this.ports.acceptBatch(accepted, run.context);
  }
}

function createRun(options: SubscriberImportOptions): Run {
  const note = options.note?.trim() ?? '';
  if (options.mode === 'consent-documented' && note === '') {
    throw new CsvImportError('import note: required for mode consent-documented (say where consent was documented)');
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new CsvImportError('import batchSize: must be a positive integer');
  return {
    report: new ImportReportBuilder(options.maxListedIssues ?? DEFAULT_MAX_LISTED_ISSUES),
    rules: { knownNewsletters: options.knownNewsletters, defaultNewsletters: options.defaultNewsletters ?? [] },
    context: { mode: options.mode, note: note === '' ? null : note },
    dryRun: options.dryRun ?? false,
    batchSize,
    seenKeys: new Set(),
    columnNames: options.columns ?? {},
    pending: [],
    columns: {},
  };
}

function describeColumns(header: readonly string[], mapping: HeaderMapping): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [field, index] of Object.entries(mapping) as [string, number | undefined][]) {
    if (index !== undefined) columns[field] = header[index] ?? '';
  }
  return columns;
}
