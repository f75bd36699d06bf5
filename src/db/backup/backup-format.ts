/**
 * A Postbote backup is a text file: a header line with JSON metadata, then for each table a line
 * `\table <name> <JSON column list>`, its rows in PostgreSQL's COPY text format, and the end marker
 * `\.`. COPY text escapes every backslash in data, so neither marker can occur inside a table.
 */
export const BACKUP_MAGIC = 'postbote-backup';
export const BACKUP_VERSION = 1;
export const TABLE_MARKER = '\\table ';
export const END_OF_TABLE = '\\.';

export interface BackupHeader {
  format: typeof BACKUP_MAGIC;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  /** Migrations applied to the database the backup was taken from. */
  migrations: string[];
  tables: string[];
}

/** The tables of Postbote's schema; the migration ledger is rebuilt by migrating the target. */
export const TABLES_QUERY = `
  SELECT c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'postbote_migrations'`;

export const FOREIGN_KEYS_QUERY = `
  SELECT src.relname AS child, dst.relname AS parent
  FROM pg_constraint k
  JOIN pg_class src ON src.oid = k.conrelid JOIN pg_namespace n ON n.oid = src.relnamespace
  JOIN pg_class dst ON dst.oid = k.confrelid
  WHERE k.contype = 'f' AND n.nspname = 'public' AND src.relname <> dst.relname`;

/** Parents before children, so a restore satisfies every foreign key as it goes. */
export function dependencyOrder(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (table: string): void => {
    if (done.has(table) || visiting.has(table)) return; // a cycle is broken by the end-of-COPY check
    visiting.add(table);
    for (const edge of edges) if (edge.child === table && tables.includes(edge.parent)) visit(edge.parent);
    visiting.delete(table);
    done.add(table);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return ordered;
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
