import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from './database.js';

/** Resolves to <repo>/src/db/migrations from both src/db (tests) and dist/db (built). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));

// Arbitrary but fixed: every instance must contend for the same advisory lock.
const MIGRATION_LOCK_KEY = 7_261_034_998;

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Reads drizzle-kit's journal and SQL files (the committed source of truth). */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(`${dir}meta/_journal.json`, 'utf8')) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = readFileSync(`${dir}${tag}.sql`, 'utf8');
      return {
        tag,
        hash: createHash('sha256').update(text).digest('hex'),
        statements: text.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean),
      };
    });
}

const createLedger = sql`CREATE TABLE IF NOT EXISTS postbote_migrations (
  tag text PRIMARY KEY,
  hash text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies pending migrations in one transaction under an advisory lock, so two instances booting
 * at once apply each migration exactly once (the second waits, then finds nothing to do).
 * drizzle's own migrator takes no lock, hence this small runner over drizzle-kit's files.
 */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(createLedger);
    const applied = await appliedTags(tx);
    const pending = migrations.filter((m) => !applied.has(m.tag));
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO postbote_migrations (tag, hash) VALUES (${migration.tag}, ${migration.hash})`);
    }
    return pending.map((m) => m.tag);
  });
}

/** Migrations committed in this build but not yet applied to the database. */
export async function pendingMigrations(db: Db, migrations = readMigrations()): Promise<string[]> {
  const exists = await db.execute(sql`SELECT to_regclass('postbote_migrations') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return migrations.map((m) => m.tag);
  const applied = await appliedTags(db);
  return migrations.filter((m) => !applied.has(m.tag)).map((m) => m.tag);
}

async function appliedTags(db: Pick<Db, 'execute'>): Promise<Set<string>> {
  const result = await db.execute(sql`SELECT tag FROM postbote_migrations`);
  return new Set(result.rows.map((row) => String(row.tag)));
}
