import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * One WhatsApp login per deployment: two browsers on one LocalAuth session fight each other
 * and risk the account. A lease says whether this process may run the session.
 */
export interface SessionLease {
  /** True when this process now holds the lease. `onLost` fires if it is lost later. */
  tryAcquire(onLost: (reason: string) => void): Promise<boolean>;
  release(): Promise<void>;
}

/** A stable 63-bit advisory lock key per LocalAuth client id. */
export function advisoryLockKey(clientId: string | undefined): bigint {
  const digest = createHash('sha256').update(`postbote:whatsapp-session:${clientId ?? ''}`).digest();
  return digest.readBigInt64BE(0) & 0x3fffffffffffffffn;
}

/**
 * A session-level PostgreSQL advisory lock on a dedicated connection: held as long as the
 * connection lives, released by PostgreSQL itself when the process dies.
 */
export class PgAdvisorySessionLease implements SessionLease {
  private client: pg.Client | null = null;
  private released = false;

  constructor(
    private readonly url: string,
    private readonly key: bigint,
  ) {}

  async tryAcquire(onLost: (reason: string) => void): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'postbote-whatsapp-lease' });
    this.released = false;
    client.on('error', () => undefined);
    await client.connect();
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.key.toString()]);
    if (!result.rows[0]?.locked) {
      await client.end();
      return false;
    }
    this.client = client;
    // A dropped connection releases the lock on the server: another process may take over.
    client.once('end', () => {
      if (this.released || this.client !== client) return;
      this.client = null;
      onLost('lost the database connection that holds the WhatsApp session lock');
    });
    return true;
  }

  async release(): Promise<void> {
    this.released = true;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
