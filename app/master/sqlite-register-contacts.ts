// Register contacts (register-contacts.ts) in the master's SQLite database. Short synchronous
// statements: on the master's one thread they cannot interleave with a group commit.
import type { SqliteDatabase } from '../ledger/database.js';
import type { StoreRegister } from '../protocol/wire.js';
import { storeRegisterOf, type ContactRow, type RegisterContacts } from './register-contacts.js';

export class SqliteRegisterContacts implements RegisterContacts {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      push: db.prepare<[string, string]>(
        `INSERT INTO register_contacts (register_id, last_push_at) VALUES (?, ?)
         ON CONFLICT (register_id) DO UPDATE SET last_push_at = excluded.last_push_at`,
      ),
      pull: db.prepare<[string, number, string]>(
        `INSERT INTO register_contacts (register_id, pulled_to, last_pull_at) VALUES (?, ?, ?)
         ON CONFLICT (register_id) DO UPDATE SET last_pull_at = excluded.last_pull_at,
           pulled_to = max(coalesce(pulled_to, 0), excluded.pulled_to)`,
      ),
      ofStore: db.prepare<[string], ContactRow>(
        `SELECT o.origin_id, r.register_id, r.name, c.last_push_at, c.last_pull_at, c.pulled_to
         FROM registers r JOIN register_origins o ON o.register_id = r.register_id
         LEFT JOIN register_contacts c ON c.register_id = r.register_id
         WHERE r.store_id = ? AND r.revoked_at IS NULL
         ORDER BY r.name, r.register_id, o.claimed_at, o.rowid`,
      ),
      headSeq: db.prepare<[], { head: number }>(
        'SELECT coalesce(max(master_seq), 0) AS head FROM events',
      ),
    };
  }

  recordPush(registerId: string, at: string): Promise<void> {
    return this.run(() => void this.statements.push.run(registerId, at));
  }

  recordPull(registerId: string, pulledTo: number, at: string): Promise<void> {
    return this.run(() => void this.statements.pull.run(registerId, pulledTo, at));
  }

  ofStore(storeId: string): Promise<{ headSeq: number; registers: StoreRegister[] }> {
    return this.run(() =>
      // One read transaction: the positions and the head describe the same moment.
      this.db.transaction(() => {
        const headSeq = this.statements.headSeq.get()?.head ?? 0;
        const registers = this.statements.ofStore
          .all(storeId)
          .map((row) => storeRegisterOf(row, headSeq));
        return { headSeq, registers };
      })(),
    );
  }

  private run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve) => resolve(work()));
  }
}
