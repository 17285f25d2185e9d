// A transaction in as few round trips as PostgreSQL allows: its first statements travel with BEGIN
// and its last ones with COMMIT (the simple query protocol runs several statements in one message,
// each with a fresh snapshot as separate statements would have). Such statements take no
// parameters, so the ones run every time are prepared once per connection (PREPARE) and run with
// EXECUTE: the server then plans them once instead of on every group commit.
import type { Pool, PoolClient, QueryResult } from 'pg';
import { strictAssert } from '../shared/assert.js';
import { isBrokenConnection } from './pg-errors.js';
import { onCheckedOutClient } from './pg-pool.js';

/** Statements to prepare once per connection, then run with `EXECUTE name(args)`. */
export interface PreparedStatements {
  /** `PREPARE …` statements separated by `;`. */
  readonly sql: string;
  /** How many statements `sql` holds. */
  readonly count: number;
}

export interface FusedTransaction {
  readonly client: PoolClient;
  /**
   * Sends BEGIN and `sql` (statements separated by `;`, or ''), preparing `prepared` first if this
   * connection has not got them; returns the results of `sql`'s statements.
   */
  open(sql: string, prepared?: PreparedStatements): Promise<QueryResult[]>;
  /** Sends `sql` and COMMIT; resolves once committed, with the results of `sql`'s statements. */
  commit(sql: string): Promise<QueryResult[]>;
}

/** The statements each connection has prepared (set before sending; cleared on any failure). */
const preparedOn = new WeakMap<PoolClient, PreparedStatements>();

/** SQLSTATE invalid_sql_statement_name: EXECUTE of a statement this server session lacks. */
const UNKNOWN_STATEMENT = '26000';

function resultList(result: QueryResult | QueryResult[]): QueryResult[] {
  return Array.isArray(result) ? result : [result];
}

/** Nothing of the transaction can have been committed: safe to run it again, once. */
class RetryOpen extends Error {}

async function sendOpening(
  client: PoolClient,
  begin: boolean,
  sql: string,
  prepared: PreparedStatements | undefined,
): Promise<QueryResult[]> {
  const prepare = prepared !== undefined && preparedOn.get(client) !== prepared;
  // DEALLOCATE ALL first: after a failure we cannot know which PREPAREs the session kept (they
  // outlive a rolled-back transaction), and preparing a name twice is an error. It would also drop
  // node-postgres's named queries ({ name, text }), which the master therefore does not use.
  const parts = [
    ...(begin ? ['BEGIN'] : []),
    ...(prepare ? ['DEALLOCATE ALL', prepared.sql] : []),
    ...(sql ? [sql] : []),
  ];
  if (parts.length === 0) return [];
  const skip = (begin ? 1 : 0) + (prepare ? 1 + prepared.count : 0);
  if (prepare) preparedOn.set(client, prepared);
  try {
    return resultList(await client.query(parts.join(';\n'))).slice(skip);
  } catch (error) {
    preparedOn.delete(client);
    const code = (error as { code?: unknown }).code;
    // A pooler in transaction mode can put us on a server session without our statements.
    if (begin && !prepare && prepared && code === UNKNOWN_STATEMENT) {
      throw new RetryOpen('prepared statements lost', { cause: error });
    }
    throw error;
  }
}

/** A FusedTransaction on a client whose transaction the caller begins and commits. */
export function unfusedTransaction(client: PoolClient): FusedTransaction {
  return {
    client,
    open: (sql, prepared) => sendOpening(client, false, sql, prepared),
    commit: async (sql) => (sql ? resultList(await client.query(sql)) : []),
  };
}

/**
 * Runs `work` in one FusedTransaction; `work` must call open() first and commit() last. Rolls back
 * and rethrows on any failure. A transaction that failed as it opened because its connection was
 * found dead (cut while idle) or without its prepared statements is run again once, on another
 * attempt: nothing of it can have been committed. One that fails during commit() is not, since its
 * COMMIT may have been carried out.
 */
export async function inFusedTransaction<T>(
  pool: Pool,
  work: (transaction: FusedTransaction) => Promise<T>,
): Promise<T> {
  try {
    return await attempt(pool, work);
  } catch (error) {
    if (!(error instanceof RetryOpen)) throw error;
    return attempt(pool, work).catch((again: unknown) => {
      throw again instanceof RetryOpen ? again.cause : again;
    });
  }
}

function attempt<T>(pool: Pool, work: (transaction: FusedTransaction) => Promise<T>): Promise<T> {
  // An object, not a let: TypeScript would not see the closures below change it.
  const state: { stage: 'new' | 'open' | 'committed' } = { stage: 'new' };
  return onCheckedOutClient(
    pool,
    async (client, connection) => {
      const transaction: FusedTransaction = {
        client,
        async open(sql, prepared) {
          strictAssert(state.stage === 'new', 'a fused transaction opens once');
          state.stage = 'open';
          try {
            return await sendOpening(client, true, sql, prepared);
          } catch (error) {
            if (!isBrokenConnection(error)) throw error;
            connection.broken = error as Error;
            throw new RetryOpen('dead connection', { cause: error });
          }
        },
        async commit(sql) {
          strictAssert(state.stage === 'open', 'a fused transaction commits once, after it opened');
          const results = resultList(await client.query(sql ? `${sql};\nCOMMIT` : 'COMMIT'));
          state.stage = 'committed';
          return results.slice(0, -1);
        },
      };
      const value = await work(transaction);
      strictAssert(state.stage === 'committed', 'the group transaction ended without COMMIT');
      return value;
    },
    () => state.stage === 'open',
  );
}
