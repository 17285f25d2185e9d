// Registers, their origins and enrolment codes in the master's SQLite database. Secrets arrive
// here already hashed; this file never sees a token or a code.
import type { SqliteDatabase } from '../ledger/database.js';
import type {
  ClaimOutcome,
  EnrolmentInput,
  EnrolmentOutcome,
  NewEnrolmentCode,
  RegisterRecord,
} from './storage.js';

interface RegisterRow {
  register_id: string;
  store_id: string;
  name: string;
  token_hash: Buffer;
  enrolled_at: string;
  revoked_at: string | null;
}

interface OriginOwnerRow {
  register_id: string;
  store_id: string;
  revoked_at: string | null;
}

export class SqliteRegisterStore {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insertCode: db.prepare(
        `INSERT INTO enrolment_codes (code_hash, store_id, created_at, expires_at)
         VALUES (@codeHash, @storeId, @createdAt, @expiresAt)`,
      ),
      code: db.prepare<[Buffer], { store_id: string; expires_at: string; used_at: string | null }>(
        'SELECT store_id, expires_at, used_at FROM enrolment_codes WHERE code_hash = ?',
      ),
      spendCode: db.prepare(
        'UPDATE enrolment_codes SET used_at = ?, used_by = ? WHERE code_hash = ?',
      ),
      store: db.prepare<[string], { store_id: string; name: string }>(
        'SELECT store_id, name FROM stores WHERE store_id = ?',
      ),
      insertRegister: db.prepare(
        `INSERT INTO registers (register_id, store_id, name, token_hash, enrolled_at)
         VALUES (@registerId, @storeId, @name, @tokenHash, @enrolledAt)`,
      ),
      originOwner: db.prepare<[string], OriginOwnerRow>(
        `SELECT r.register_id, r.store_id, r.revoked_at FROM register_origins o
         JOIN registers r ON r.register_id = o.register_id WHERE o.origin_id = ?`,
      ),
      claim: db.prepare(
        `INSERT INTO register_origins (origin_id, register_id, claimed_at) VALUES (?, ?, ?)
         ON CONFLICT (origin_id) DO UPDATE SET register_id = excluded.register_id, claimed_at = excluded.claimed_at`,
      ),
      byTokenHash: db.prepare<[Buffer], RegisterRow>(
        'SELECT * FROM registers WHERE token_hash = ?',
      ),
      byId: db.prepare<[string], RegisterRow>('SELECT * FROM registers WHERE register_id = ?'),
      all: db.prepare<[], RegisterRow>('SELECT * FROM registers ORDER BY store_id, enrolled_at'),
      origins: db.prepare<[string], { origin_id: string }>(
        'SELECT origin_id FROM register_origins WHERE register_id = ? ORDER BY claimed_at, rowid',
      ),
      revoke: db.prepare(
        'UPDATE registers SET revoked_at = coalesce(revoked_at, ?) WHERE register_id = ?',
      ),
    };
  }

  createCode(code: NewEnrolmentCode): void {
    this.statements.insertCode.run(code);
  }

  enrol(input: EnrolmentInput): EnrolmentOutcome {
    return this.db
      .transaction((): EnrolmentOutcome => {
        const code = this.statements.code.get(input.codeHash);
        if (!code || code.used_at !== null || code.expires_at <= input.now) {
          return { ok: false, reason: 'INVALID_CODE' };
        }
        const store = this.statements.store.get(code.store_id);
        if (!store) return { ok: false, reason: 'INVALID_CODE' };
        if (!this.mayTake(input.originId, code.store_id, input.registerId)) {
          return { ok: false, reason: 'ORIGIN_TAKEN' };
        }
        this.statements.insertRegister.run({
          registerId: input.registerId,
          storeId: code.store_id,
          name: input.registerName,
          tokenHash: input.tokenHash,
          enrolledAt: input.now,
        });
        this.statements.claim.run(input.originId, input.registerId, input.now);
        this.statements.spendCode.run(input.now, input.registerId, input.codeHash);
        const register = this.byId(input.registerId);
        if (!register) throw new Error(`register ${input.registerId} vanished while enrolling`);
        return { ok: true, register, store: { storeId: store.store_id, name: store.name } };
      })
      .immediate();
  }

  byTokenHash(tokenHash: Buffer): RegisterRecord | undefined {
    const row = this.statements.byTokenHash.get(tokenHash);
    return row ? this.withOrigins(row) : undefined;
  }

  claimOrigin(registerId: string, originId: string, now: string): ClaimOutcome {
    return this.db
      .transaction((): ClaimOutcome => {
        const register = this.statements.byId.get(registerId);
        if (!register || !this.mayTake(originId, register.store_id, registerId)) return 'taken';
        const owner = this.statements.originOwner.get(originId);
        if (owner?.register_id !== registerId) this.statements.claim.run(originId, registerId, now);
        return 'claimed';
      })
      .immediate();
  }

  list(): RegisterRecord[] {
    return this.statements.all.all().map((row) => this.withOrigins(row));
  }

  revoke(registerId: string, now: string): boolean {
    return this.statements.revoke.run(now, registerId).changes > 0;
  }

  /**
   * An origin is free, already this register's, or held by a revoked register of the same store:
   * a register reinstalled after its token was revoked keeps writing its ledger's origin.
   */
  private mayTake(originId: string, storeId: string, registerId: string): boolean {
    const owner = this.statements.originOwner.get(originId);
    if (!owner || owner.register_id === registerId) return true;
    return owner.revoked_at !== null && owner.store_id === storeId;
  }

  private byId(registerId: string): RegisterRecord | undefined {
    const row = this.statements.byId.get(registerId);
    return row ? this.withOrigins(row) : undefined;
  }

  private withOrigins(row: RegisterRow): RegisterRecord {
    return {
      registerId: row.register_id,
      storeId: row.store_id,
      name: row.name,
      tokenHash: row.token_hash,
      origins: this.statements.origins.all(row.register_id).map((origin) => origin.origin_id),
      enrolledAt: row.enrolled_at,
      revokedAt: row.revoked_at,
    };
  }
}
