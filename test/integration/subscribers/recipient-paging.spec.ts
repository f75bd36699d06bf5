import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '#src/db/schema.js';
import { migrate } from '#src/db/migrator.js';
import { SubscribersRepository } from '#src/subscribers/subscribers.repository.js';
import { describeWithPostgres } from '../../support/describe-db.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const READERS = 40_000;
const PAGE = 2000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

function* nodes(plan: PlanNode): Generator<PlanNode> {
  yield plan;
  for (const child of plan.Plans ?? []) yield* nodes(child);
}

/**
 * Recipient resolution must be linear in the readers: the query of one page may not read more
 * rows the further the cursor is. Asserted on the plan PostgreSQL really executes (EXPLAIN
 * ANALYZE of the repository's own statement), not on a timing: the rows read from the subscriber
 * tables for the last page are bounded by the page, as for the first, and no table is read whole.
 */
describeWithPostgres('recipient pages cost the same at any position (EXPLAIN)', () => {
  let database: TestDatabase;
  let client: pg.Client;
  const statements: { text: string; values: unknown[] }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await migrate(drizzle(client, { schema }));
    await client.query(`
      INSERT INTO subscribers (email, email_key, suppression_hash, status, source)
      SELECT 'r' || i || '@paging.example', 'r' || i || '@paging.example', md5(i::text),
        CASE WHEN i % 10 = 0 THEN 'unsubscribed' ELSE 'active' END, 'import'
      FROM generate_series(1, ${READERS}) AS i`);
    await client.query(`INSERT INTO subscriber_newsletters (subscriber_id, slug) SELECT id, 'morgen' FROM subscribers`);
    await client.query(`INSERT INTO subscriber_newsletters (subscriber_id, slug) SELECT id, 'abend' FROM subscribers WHERE email_key LIKE '%1@%'`);
    await client.query(`INSERT INTO suppressions (hash, reason) SELECT md5(i::text), 'manual' FROM generate_series(7, ${READERS}, 70) AS i`);
    await client.query('ANALYZE');
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  /** The repository's statement for one page, captured on its way to the driver. */
  async function pageStatement(afterId: string | null): Promise<{ text: string; values: unknown[] }> {
    statements.length = 0;
    const recording = {
      query: (config: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
        const text = typeof config === 'string' ? config : config.text;
        statements.push({ text, values: values ?? (typeof config === 'string' ? [] : (config.values ?? [])) });
        return client.query(config as string, values);
      },
    };
    const repository = new SubscribersRepository(drizzle(recording as unknown as pg.Client, { schema }));
    await repository.listDeliverable('morgen', afterId, PAGE);
    const [statement] = statements;
    if (!statement) throw new Error('no statement captured');
    return statement;
  }

  async function rowsRead(afterId: string | null): Promise<{ perRelation: Map<string, number>; nodeTypes: string[] }> {
    const { text, values } = await pageStatement(afterId);
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    const plan = result.rows[0]['QUERY PLAN'][0].Plan;
    const perRelation = new Map<string, number>();
    const nodeTypes: string[] = [];
    for (const node of nodes(plan)) {
      nodeTypes.push(`${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`);
      if (node['Relation Name']) perRelation.set(node['Relation Name'], (perRelation.get(node['Relation Name']) ?? 0) + node['Actual Rows'] * node['Actual Loops']);
    }
    return { perRelation, nodeTypes };
  }

  it('reads about one page of index entries for the last page as for the first, and no table whole', async () => {
    const repository = new SubscribersRepository(drizzle(client, { schema }));
    const all = [];
    for (let after: string | null = null; ; ) {
      const page = await repository.listDeliverable('morgen', after, PAGE);
      all.push(...page);
      if (page.length < PAGE) break;
      after = page.at(-1)!.id;
    }
    expect(all).toHaveLength(READERS * 0.9 - Math.ceil(READERS / 70));
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);

    const nearTheEnd = all[all.length - PAGE - 1].id;
    for (const cursor of [null, nearTheEnd]) {
      const { perRelation, nodeTypes } = await rowsRead(cursor);
      expect(nodeTypes.filter((type) => /^Seq Scan on subscriber/.test(type))).toEqual([]);
      // One page of deliverable readers needs ~PAGE / 0.89 subscription entries and as many subscribers.
      expect(perRelation.get('subscriber_newsletters')).toBeLessThanOrEqual(PAGE * 1.5);
      expect(perRelation.get('subscribers')).toBeLessThanOrEqual(PAGE * 1.5);
    }
  });
});
