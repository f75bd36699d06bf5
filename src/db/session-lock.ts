import pg from 'pg';

/**
 * Runs `work` while this process holds a PostgreSQL session advisory lock, on a connection of its
 * own (work done through other pools, such as pg-boss's, is still serialised across processes).
 */
export async function withSessionLock<T>(url: string, key: number, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'postbote-lock' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    // Closing the session releases the lock even if the unlock is never sent.
    await client.end();
  }
}
