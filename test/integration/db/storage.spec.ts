import { sql } from 'drizzle-orm';
import { ApiTokensRepository } from '#src/auth/api-tokens.repository.js';
import { ApiTokensService } from '#src/auth/api-tokens.service.js';
import { openDatabase } from '#src/db/database.js';
import { migrate, pendingMigrations, readMigrations } from '#src/db/migrator.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const open = (database: TestDatabase) => openDatabase({ url: database.url, dataDir: database.dataDir, poolMax: 3 });

describe('storage', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  afterEach(async () => database.drop());

  it('creates the schema on an empty database and keeps data across a restart', async () => {
    const first = await open(database);
    expect(await pendingMigrations(first.db)).toEqual(readMigrations().map((m) => m.tag));
    expect(await migrate(first.db)).toEqual(readMigrations().map((m) => m.tag));
    const config = testConfig(database);
    const { token } = await new ApiTokensService(new ApiTokensRepository(first.db), config).create('ops', 'admin');
    await first.close();

    const second = await open(database);
    expect(await migrate(second.db)).toEqual([]);
    expect(await pendingMigrations(second.db)).toEqual([]);
    const principal = await new ApiTokensService(new ApiTokensRepository(second.db), config).authenticate(token);
    expect(principal).toMatchObject({ name: 'ops', role: 'admin' });
    await second.close();
  });
});

describe('migrations on a shared PostgreSQL', () => {
  it('are applied exactly once when two instances boot at the same time', async () => {
    const database = await createTestDatabase({ migrated: false });
    const [a, b] = await Promise.all([open(database), open(database)]);
    try {
      const [appliedByA, appliedByB] = await Promise.all([migrate(a.db), migrate(b.db)]);
      expect([...appliedByA, ...appliedByB].sort()).toEqual(readMigrations().map((m) => m.tag).sort());
      const rows = await a.db.execute(sql`SELECT count(*)::int AS n FROM postbote_migrations`);
      expect(rows.rows[0]?.n).toBe(readMigrations().length);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await database.drop();
    }
  });
});
