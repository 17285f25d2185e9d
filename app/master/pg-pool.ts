// The master's connections to PostgreSQL: one pool per process, bigints read as numbers, and
// session settings that keep a stuck process from holding the feed's lock forever.
import { Pool, types, type PoolClient, type PoolConfig } from 'pg';
import { MasterDatabaseError } from './master-errors.js';
import { isBrokenConnection } from './pg-errors.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Seqs, masterSeqs and counts are bigint columns; every value the master stores stays far below
 * 2^53, so they are read as plain numbers rather than strings. Anything larger is a corrupt row.
 */
function parseWholeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new MasterDatabaseError(`PostgreSQL returned ${text}, beyond a safe integer`);
  }
  return value;
}

const masterTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? parseWholeNumber
      : (types.getTypeParser(oid, format) as (
          text: string,
        ) => unknown)) as typeof types.getTypeParser,
};

export interface PgPoolOptions {
  /** postgres://user:password@host:port/database?sslmode=require&options=-c%20search_path%3Dbookcase */
  url: string;
  /** Connections this process may open (default 10); see docs/postgres.md on connection limits. */
  max?: number;
  applicationName?: string;
}

export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

export function createPgPool(options: PgPoolOptions): Pool {
  if (!isPostgresUrl(options.url)) {
    throw new MasterDatabaseError(
      `${redactedUrl(options.url)} is not a PostgreSQL URL; it must start with postgres:// or postgresql://`,
    );
  }
  const config: PoolConfig = {
    connectionString: options.url,
    max: options.max ?? 10,
    types: masterTypes,
    fallback_application_name: options.applicationName ?? 'bookcase-master',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // Well under the HTTP request timeout (120 s): a request fails with 503 rather than hang.
    statement_timeout: 60_000,
    // A master process frozen mid-transaction (SIGSTOP, a network partition) would hold the
    // feed's lock and stall every other process; PostgreSQL ends such a session instead.
    idle_in_transaction_session_timeout: 30_000,
  };
  const pool = new Pool(config);
  // An idle connection dropped by the server (restart, failover) must not crash the process; the
  // pool discards it and the next query opens a fresh one.
  pool.on('error', () => {});
  return pool;
}

/** A connection the pool had idle died before this transaction sent anything: safe to retry. */
class DeadBeforeBegin extends Error {}

/**
 * Runs `work` in one transaction on one connection; rolls back and rethrows on any failure. A
 * connection found dead at BEGIN (cut while idle: a server restart, a failover) is replaced once.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  try {
    return await attempt(pool, work, begin);
  } catch (error) {
    if (!(error instanceof DeadBeforeBegin)) throw error;
    return attempt(pool, work, begin).catch((again: unknown) => {
      throw again instanceof DeadBeforeBegin ? again.cause : again;
    });
  }
}

function attempt<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin: string,
): Promise<T> {
  return onCheckedOutClient(
    pool,
    async (client, connection) => {
      try {
        await client.query(begin);
      } catch (error) {
        connection.broken = error as Error;
        throw isBrokenConnection(error)
          ? new DeadBeforeBegin('dead connection', { cause: error })
          : error;
      }
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    },
    () => true,
  );
}

/** What is known of a checked-out client's connection: broken ones must not go back to the pool. */
export interface CheckedOutConnection {
  broken?: Error;
}

/**
 * Checks a client out for `use` and always gives it back. On a failure, a transaction `use` left
 * open (`inTransaction`) is rolled back, unless the connection is known broken; a connection found
 * broken is handed back as such, so the pool discards it instead of lending it again.
 */
export async function onCheckedOutClient<T>(
  pool: Pool,
  use: (client: PoolClient, connection: CheckedOutConnection) => Promise<T>,
  inTransaction: () => boolean,
): Promise<T> {
  const client = await pool.connect();
  const connection: CheckedOutConnection = {};
  // A checked-out client whose connection dies also emits 'error'; unheard, it would crash the
  // process. The failing query rejects as well, which is how the caller learns of it.
  const onError = (error: Error): void => {
    connection.broken = error;
  };
  client.on('error', onError);
  try {
    return await use(client, connection);
  } catch (error) {
    if (!connection.broken && inTransaction()) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection itself is gone: tell the pool not to hand it out again.
        connection.broken = rollbackError as Error;
      }
    }
    throw error;
  } finally {
    client.off('error', onError);
    client.release(connection.broken);
  }
}
