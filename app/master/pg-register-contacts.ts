// Register contacts (register-contacts.ts) in the PostgreSQL master. One statement each; a pull
// position only ever moves forward, whichever master process recorded it.
import type { Pool } from 'pg';
import type { StoreRegister } from '../protocol/wire.js';
import { translatePgError } from './pg-errors.js';
import { storeRegisterOf, type ContactRow, type RegisterContacts } from './register-contacts.js';

export class PgRegisterContacts implements RegisterContacts {
  constructor(private readonly pool: Pool) {}

  async recordPush(registerId: string, at: string): Promise<void> {
    await this.query(
      `INSERT INTO register_contacts (register_id, last_push_at) VALUES ($1, $2)
       ON CONFLICT (register_id) DO UPDATE
         SET last_push_at = greatest(register_contacts.last_push_at, excluded.last_push_at)`,
      [registerId, at],
    );
  }

  async recordPull(registerId: string, pulledTo: number, at: string): Promise<void> {
    await this.query(
      `INSERT INTO register_contacts (register_id, pulled_to, last_pull_at) VALUES ($1, $2, $3)
       ON CONFLICT (register_id) DO UPDATE
         SET last_pull_at = greatest(register_contacts.last_pull_at, excluded.last_pull_at),
           pulled_to = greatest(register_contacts.pulled_to, excluded.pulled_to)`,
      [registerId, pulledTo, at],
    );
  }

  async ofStore(storeId: string): Promise<{ headSeq: number; registers: StoreRegister[] }> {
    // One statement, one snapshot: the positions and the head describe the same moment.
    const rows = await this.query<ContactRow & { head: number }>(
      `SELECT o.origin_id, r.register_id, r.name, c.last_push_at, c.last_pull_at, c.pulled_to,
         (SELECT master_seq FROM feed_head) AS head
       FROM registers r JOIN register_origins o ON o.register_id = r.register_id
       LEFT JOIN register_contacts c ON c.register_id = r.register_id
       WHERE r.store_id = $1 AND r.revoked_at IS NULL
       ORDER BY r.name, r.register_id, o.claimed_at, o.claim_order`,
      [storeId],
    );
    const headSeq =
      rows[0]?.head ??
      (await this.query<{ head: number }>('SELECT master_seq AS head FROM feed_head'))[0]?.head ??
      0;
    return { headSeq, registers: rows.map((row) => storeRegisterOf(row, headSeq)) };
  }

  private async query<R extends object>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      return translatePgError(error);
    }
  }
}
