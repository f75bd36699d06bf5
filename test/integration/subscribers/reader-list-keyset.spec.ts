import { parse } from 'csv-parse/sync';
import type { Database } from '#src/db/database.js';
import { DATABASE } from '#src/db/db.module.js';
import { EXACT_COUNT_LIMIT } from '#src/subscribers/admin/subscribers-admin.repository.js';
import { TEST_BOOTSTRAP_TOKEN } from '../../support/test-config.js';
import { useTestApp } from '../../support/use-test-app.js';

const SAME_MOMENT = 2500;

interface ListPage {
  items: { id: string; email: string }[];
  nextCursor: string | null;
  total: number;
  totalEstimated: boolean;
  countsByStatus: Record<string, number>;
}

/**
 * Keyset paging of the reader list and the export on (created_at, id) at the column's full
 * microsecond precision: thousands of readers created in one statement share one created_at,
 * and a cursor cut to milliseconds used to skip everything after the first page of them.
 */
describe('reader list and export with many readers created at the same moment', () => {
  const ctx = useTestApp({ role: 'api' });
  const sqlOf = (text: string, values: unknown[] = []) => ctx.app.app.get<Database>(DATABASE, { strict: false }).executeSql(text, values);
  const list = async (query: string): Promise<ListPage> => {
    const response = await ctx.app.request(`/api/subscribers?${query}`, { token: TEST_BOOTSTRAP_TOKEN });
    expect(response.status).toBe(200);
    return (await response.json()) as ListPage;
  };

  beforeAll(async () => {
    // One statement: one created_at (microseconds) for all of them; ids random, so the order
    // within the moment is by id only. A few more before and after, at other moments.
    await sqlOf(`INSERT INTO subscribers (email, email_key, suppression_hash, status, source, created_at)
      SELECT 'early' || i || '@keyset.example', 'early' || i || '@keyset.example', md5('e' || i), 'active', 'import', now() - interval '1 day' + i * interval '1 microsecond'
      FROM generate_series(1, 7) AS i`);
    await sqlOf(`INSERT INTO subscribers (email, email_key, suppression_hash, status, source)
      SELECT 'same' || i || '@keyset.example', 'same' || i || '@keyset.example', md5('s' || i), CASE WHEN i % 5 = 0 THEN 'pending' ELSE 'active' END, 'import'
      FROM generate_series(1, ${SAME_MOMENT}) AS i`);
    await sqlOf(`INSERT INTO subscribers (email, email_key, suppression_hash, status, source, created_at)
      SELECT 'late' || i || '@keyset.example', 'late' || i || '@keyset.example', md5('l' || i), 'active', 'import', now() + interval '1 day' + i * interval '1 microsecond'
      FROM generate_series(1, 3) AS i`);
  });

  it('lists every reader exactly once, page by page, newest first', async () => {
    const seen: string[] = [];
    let page = await list('limit=200');
    for (;;) {
      seen.push(...page.items.map((item) => item.email));
      if (page.nextCursor === null) break;
      page = await list(`limit=200&cursor=${page.nextCursor}`);
    }
    expect(seen).toHaveLength(7 + SAME_MOMENT + 3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual(['late3@keyset.example', 'late2@keyset.example', 'late1@keyset.example']);
    expect(seen.at(-1)).toBe('early1@keyset.example');
  });

  it('exports every reader exactly once', async () => {
    const response = await ctx.app.request('/api/subscribers/export.csv', { token: TEST_BOOTSTRAP_TOKEN });
    expect(response.status).toBe(200);
    const rows = parse<{ email: string }>(await response.text(), { columns: true });
    expect(rows).toHaveLength(7 + SAME_MOMENT + 3);
    expect(new Set(rows.map((row) => row.email)).size).toBe(rows.length);
  });

  it('answers totals from the status counters, exact up to the limit for other filters, and estimated (marked) beyond', async () => {
    await sqlOf(`UPDATE subscribers SET status = 'unsubscribed' WHERE email_key LIKE 'late%'`);
    await sqlOf(`DELETE FROM subscribers WHERE email_key = 'early1@keyset.example'`);
    const truth = Object.fromEntries(
      (await sqlOf(`SELECT status, count(*)::int AS n FROM subscribers GROUP BY 1`)).rows.map((row) => [row.status as string, row.n as number]),
    );
    const all = await list('limit=1');
    expect(all.countsByStatus).toEqual(truth);
    expect(all).toMatchObject({ total: 7 + SAME_MOMENT + 3 - 1, totalEstimated: false });
    expect(await list('limit=1&status=pending')).toMatchObject({ total: SAME_MOMENT / 5, totalEstimated: false });
    expect(await list('limit=1&q=late')).toMatchObject({ total: 3, totalEstimated: false });

    await sqlOf(`INSERT INTO subscribers (email, email_key, suppression_hash, status, source)
      SELECT 'many' || i || '@keyset.example', 'many' || i || '@keyset.example', md5('m' || i), 'active', 'import' FROM generate_series(1, ${EXACT_COUNT_LIMIT + 500}) AS i`);
    await sqlOf('ANALYZE subscribers');
    const many = await list('limit=1&q=many');
    expect(many.totalEstimated).toBe(true);
    expect(many.total).toBeGreaterThan(EXACT_COUNT_LIMIT);
  });
});
