// Telling "PostgreSQL cannot be reached right now" (retry: 503) from a master bug (500).
import { CommitFailedError } from './master-errors.js';

/** SQLSTATE classes and codes that mean the server or the connection is unavailable. */
const UNAVAILABLE_SQLSTATE = [
  /^08/, // connection exception
  /^53/, // insufficient resources (too many connections, disk full, out of memory)
  /^57P0[1-4]$/, // admin/crash shutdown, cannot connect now, database dropped
  /^57014$/, // statement timeout: the database is too slow or locked to answer in time
  /^40001$/, // serialization failure
  /^40P01$/, // deadlock detected
  /^25006$/, // read-only transaction: pointed at a standby (or a failover is under way)
  /^3D000$/, // the database does not exist (yet)
];

const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
];

export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE.some((pattern) => pattern.test(code))) {
      return true;
    }
  }
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/**
 * The connection died under the query (server restart, failover, an idle connection cut): trying
 * once more on a fresh connection is safe for a read.
 */
export function isBrokenConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === '57P01' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection terminated/i.test(error.message)
  );
}

/** PostgreSQL could not be reached or could not answer; nothing was written. Maps to 503. */
export class DatabaseUnavailableError extends CommitFailedError {
  override name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super(cause);
    this.message = `the master's database cannot answer right now (${(cause as Error).message}); retry shortly`;
  }
}

/** Rethrows a connection-level failure as a 503; anything else (a bug) as it is. */
export function translatePgError(error: unknown): never {
  if (isUnavailableError(error)) throw new DatabaseUnavailableError(error);
  throw error;
}
