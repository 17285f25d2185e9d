// Registers, their origins and enrolment codes in the PostgreSQL master. Secrets arrive here
// already hashed. Several master processes may enrol or claim at once: a code is spent under its
// row lock, and an origin is judged and claimed under an advisory lock on its id, so two
// registers can never both win the same code or the same origin.
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from './pg-pool.js';
import type {
  ClaimOutcome,
  EnrolmentInput,
  EnrolmentOutcome,
  NewEnrolmentCode,
  RegisterRecord,
} from './storage.js';

/** First key of the two-key advisory lock taken per origin id. */
const ORIGIN_LOCK_SPACE = 0x424b4d02;

interface RegisterRow {
  register_id: string;
  store_id: string;
  name: string;
  token_hash: Buffer;
  enrolled_at: Date;
  revoked_at: Date | null;
  origins: string[];
}

// The origins by a subquery rather than a join and GROUP BY: every request's token is looked up
// with it, and the server plans and runs this form in about half the time.
const REGISTER_SELECT = `
  SELECT r.register_id, r.store_id, r.name, r.token_hash, r.enrolled_at, r.revoked_at,
    ARRAY(SELECT o.origin_id FROM register_origins o WHERE o.register_id = r.register_id
      ORDER BY o.claimed_at, o.claim_order) AS origins
  FROM registers r`;

function fromRow(row: RegisterRow): RegisterRecord {
  return {
    registerId: row.register_id,
    storeId: row.store_id,
    name: row.name,
    tokenHash: row.token_hash,
    origins: row.origins,
    enrolledAt: row.enrolled_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}

async function registerWhere(
  db: Pool | PoolClient,
  where: string,
  value: unknown,
): Promise<RegisterRecord | undefined> {
  const result = await db.query<RegisterRow>(`${REGISTER_SELECT} WHERE ${where}`, [value]);
  const row = result.rows[0];
  return row ? fromRow(row) : undefined;
}

/**
 * Locks the origin's id for this transaction, then tells whether the register may take it: the
 * origin is free, already the register's, or held by a revoked register of the same store (a
 * register reinstalled after its token was revoked keeps writing its ledger's origin).
 */
async function lockAndMayTake(
  client: PoolClient,
  originId: string,
  storeId: string,
  registerId: string,
): Promise<boolean> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    ORIGIN_LOCK_SPACE,
    originId,
  ]);
  const owner = await client.query<{
    register_id: string;
    store_id: string;
    revoked_at: Date | null;
  }>(
    `SELECT r.register_id, r.store_id, r.revoked_at FROM register_origins o
     JOIN registers r ON r.register_id = o.register_id WHERE o.origin_id = $1`,
    [originId],
  );
  const row = owner.rows[0];
  if (!row || row.register_id === registerId) return true;
  return row.revoked_at !== null && row.store_id === storeId;
}

async function claim(client: PoolClient, originId: string, registerId: string, now: string) {
  await client.query(
    `INSERT INTO register_origins (origin_id, register_id, claimed_at) VALUES ($1, $2, $3)
     ON CONFLICT (origin_id) DO UPDATE SET register_id = excluded.register_id,
       claimed_at = excluded.claimed_at`,
    [originId, registerId, now],
  );
}

export async function createCode(pool: Pool, code: NewEnrolmentCode): Promise<void> {
  await pool.query(
    `INSERT INTO enrolment_codes (code_hash, store_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4)`,
    [code.codeHash, code.storeId, code.createdAt, code.expiresAt],
  );
}

export function enrol(pool: Pool, input: EnrolmentInput): Promise<EnrolmentOutcome> {
  return inTransaction(pool, async (client): Promise<EnrolmentOutcome> => {
    const code = await client.query<{ store_id: string; name: string }>(
      `SELECT c.store_id, s.name FROM enrolment_codes c JOIN stores s ON s.store_id = c.store_id
       WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2
       FOR UPDATE OF c`,
      [input.codeHash, input.now],
    );
    const store = code.rows[0];
    if (!store) return { ok: false, reason: 'INVALID_CODE' };
    if (!(await lockAndMayTake(client, input.originId, store.store_id, input.registerId))) {
      return { ok: false, reason: 'ORIGIN_TAKEN' };
    }
    await client.query(
      `INSERT INTO registers (register_id, store_id, name, token_hash, enrolled_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [input.registerId, store.store_id, input.registerName, input.tokenHash, input.now],
    );
    await claim(client, input.originId, input.registerId, input.now);
    await client.query(
      'UPDATE enrolment_codes SET used_at = $1, used_by = $2 WHERE code_hash = $3',
      [input.now, input.registerId, input.codeHash],
    );
    const register = await registerWhere(client, 'r.register_id = $1', input.registerId);
    if (!register) throw new Error(`register ${input.registerId} vanished while enrolling`);
    return { ok: true, register, store: { storeId: store.store_id, name: store.name } };
  });
}

/** The registers holding any of these token hashes, by the hash in hex (pg-token-lookups.ts). */
export async function registersByTokenHashes(
  pool: Pool,
  tokenHashes: readonly Buffer[],
): Promise<Map<string, RegisterRecord>> {
  const result = await pool.query<RegisterRow>(
    `${REGISTER_SELECT} WHERE r.token_hash = ANY($1::bytea[])`,
    [tokenHashes],
  );
  return new Map(result.rows.map((row) => [row.token_hash.toString('hex'), fromRow(row)]));
}

export function claimOrigin(
  pool: Pool,
  registerId: string,
  originId: string,
  now: string,
): Promise<ClaimOutcome> {
  return inTransaction(pool, async (client): Promise<ClaimOutcome> => {
    const register = await client.query<{ store_id: string }>(
      'SELECT store_id FROM registers WHERE register_id = $1',
      [registerId],
    );
    const storeId = register.rows[0]?.store_id;
    if (storeId === undefined) return 'taken';
    if (!(await lockAndMayTake(client, originId, storeId, registerId))) return 'taken';
    const owner = await client.query<{ register_id: string }>(
      'SELECT register_id FROM register_origins WHERE origin_id = $1',
      [originId],
    );
    if (owner.rows[0]?.register_id !== registerId) await claim(client, originId, registerId, now);
    return 'claimed';
  });
}

export async function listRegisters(pool: Pool): Promise<RegisterRecord[]> {
  const result = await pool.query<RegisterRow>(
    `${REGISTER_SELECT} ORDER BY r.store_id COLLATE "C", r.enrolled_at`,
  );
  return result.rows.map(fromRow);
}

export async function revokeRegister(pool: Pool, registerId: string, now: string) {
  const result = await pool.query(
    'UPDATE registers SET revoked_at = coalesce(revoked_at, $1) WHERE register_id = $2',
    [now, registerId],
  );
  return (result.rowCount ?? 0) > 0;
}
