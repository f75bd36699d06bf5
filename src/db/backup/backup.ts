import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BACKUP_MAGIC, BACKUP_VERSION, dependencyOrder, END_OF_TABLE, FOREIGN_KEYS_QUERY, quoteIdent, TABLE_MARKER, TABLES_QUERY, type BackupHeader } from './backup-format.js';

export interface BackupSummary {
  tables: number;
  rows: number;
}

/**
 * Exports every table of Postbote's schema in one REPEATABLE READ transaction, so the backup is one
 * consistent snapshot while the service keeps running. The embedded server ships no pg_dump, and a
 * file copy of a running cluster is not safe; this needs only a connection.
 */
export async function writeBackup(url: string, out: Writable): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString: url, application_name: 'postbote-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = dependencyOrder(
      (await client.query<{ name: string }>(TABLES_QUERY)).rows.map((r) => r.name),
      (await client.query<{ child: string; parent: string }>(FOREIGN_KEYS_QUERY)).rows,
    );
    const migrations = (await client.query<{ tag: string }>('SELECT tag FROM postbote_migrations ORDER BY tag')).rows.map((r) => r.tag);
    const header: BackupHeader = { format: BACKUP_MAGIC, version: BACKUP_VERSION, createdAt: new Date().toISOString(), migrations, tables };
    await write(out, `${JSON.stringify(header)}\n`);
    let rows = 0;
    for (const table of tables) {
      const columns = await columnsOf(client, table);
      await write(out, `${TABLE_MARKER}${table} ${JSON.stringify(columns)}\n`);
      const copy = client.query(copyTo(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) TO STDOUT`));
      await pipeline(copy, out, { end: false });
      rows += copy.rowCount ?? 0;
      await write(out, `${END_OF_TABLE}\n`);
    }
    await client.query('COMMIT');
    return { tables: tables.length, rows };
  } finally {
    await client.end();
  }
}

/** Stored columns in table order (generated columns are recomputed on restore). */
export async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [quoteIdent(table)],
  );
  return result.rows.map((r) => r.name);
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => out.write(text, (error) => (error ? reject(error) : resolve())));
}
