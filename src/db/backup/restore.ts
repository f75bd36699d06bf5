import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { readMigrations } from '#src/db/migrator.js';
import { BACKUP_MAGIC, BACKUP_VERSION, END_OF_TABLE, quoteIdent, TABLE_MARKER, TABLES_QUERY, type BackupHeader } from './backup-format.js';
import { columnsOf, type BackupSummary } from './backup.js';

export class RestoreError extends Error {
  override readonly name = 'RestoreError';
}

/**
 * Loads a backup into a migrated, empty database in one transaction: either everything is restored
 * or nothing changed. Sequences are moved past the restored ids.
 */
export async function restoreBackup(url: string, input: Readable): Promise<BackupSummary> {
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const header = parseHeader((await lines.next()).value as string | undefined);
  const known = new Set(readMigrations().map((m) => m.tag));
  const newer = header.migrations.filter((tag) => !known.has(tag));
  if (newer.length > 0) throw new RestoreError(`the backup comes from a newer Postbote (migrations ${newer.join(', ')} are unknown here); restore it with that version or newer`);

  const client = new pg.Client({ connectionString: url, application_name: 'postbote-restore' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await assertEmpty(client);
    let tables = 0;
    let rows = 0;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (line === '') continue;
      if (!line.startsWith(TABLE_MARKER)) throw new RestoreError(`unexpected line in backup: ${line.slice(0, 60)}`);
      const { table, columns } = parseTableLine(line);
      const present = new Set(await columnsOf(client, table));
      const missing = columns.filter((column) => !present.has(column));
      if (missing.length > 0) throw new RestoreError(`table ${table} has no column ${missing.join(', ')} in this version`);
      rows += await copyTable(client, table, columns, lines);
      tables++;
    }
    await resetSequences(client);
    await client.query('COMMIT');
    return { tables, rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> = {};
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    // reported below
  }
  if (header.format !== BACKUP_MAGIC) throw new RestoreError('this file is not a Postbote backup (its first line is not a backup header)');
  if (header.version !== BACKUP_VERSION) throw new RestoreError(`backup format ${header.version} is not supported (this version reads format ${BACKUP_VERSION})`);
  return header as BackupHeader;
}

function parseTableLine(line: string): { table: string; columns: string[] } {
  const rest = line.slice(TABLE_MARKER.length);
  const space = rest.indexOf(' ');
  return { table: rest.slice(0, space), columns: JSON.parse(rest.slice(space + 1)) as string[] };
}

async function assertEmpty(client: pg.Client): Promise<void> {
  for (const { name } of (await client.query<{ name: string }>(TABLES_QUERY)).rows) {
    const result = await client.query(`SELECT 1 FROM ${quoteIdent(name)} LIMIT 1`);
    if (result.rowCount) throw new RestoreError(`the target database is not empty (table ${name} has rows); restore into a fresh DATA_DIR or an empty database`);
  }
}

async function copyTable(client: pg.Client, table: string, columns: string[], lines: AsyncIterator<string>): Promise<number> {
  const copy = client.query(copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    copy.once('finish', resolve);
    copy.once('error', reject);
  });
  let rows = 0;
  for (let next = await lines.next(); ; next = await lines.next()) {
    if (next.done) throw new RestoreError(`the backup ends inside table ${table} (truncated file?)`);
    if (next.value === END_OF_TABLE) break;
    if (!copy.write(`${next.value}\n`)) await new Promise((resolve) => copy.once('drain', resolve));
    rows++;
  }
  copy.end();
  await done;
  return rows;
}

/** Serial and identity columns continue after the highest restored value. */
async function resetSequences(client: pg.Client): Promise<void> {
  const sequences = await client.query<{ table_name: string; column_name: string; seq: string }>(`
    SELECT c.relname AS table_name, a.attname AS column_name, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`);
  for (const { table_name, column_name, seq } of sequences.rows) {
    await client.query(
      `SELECT setval($1::regclass, COALESCE((SELECT max(${quoteIdent(column_name)}) FROM ${quoteIdent(table_name)}), 0) + 1, false)`,
      [seq],
    );
  }
}
