// The rows a one-line sale has to write, as bare SQL in one durable transaction: the event (its
// table, its key, the per-title index that counts and repairs read and the per-day index that
// reports and the activity list read), the title's stock row, and the receipt. No validation, no
// clock, no JSON built per sale: what better-sqlite3 does for that data with no code around it,
// so section 1 can tell SQLite's share of a sale from ours.
import type Database from 'better-sqlite3';
import { openRawDatabase, RAW_WARM_UP_COMMITS } from './raw-sqlite.js';
import { nowMs } from './stats.js';

const ORIGIN = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const STORE = 'uptown';

export class RawSaleRows {
  private readonly db: Database.Database;
  private readonly write: (isbn: string) => void;
  private seq = 0;

  constructor(
    path: string,
    private readonly isbns: readonly string[],
  ) {
    this.db = openRawDatabase(path);
    this.db.exec(`
      CREATE TABLE events (origin_id TEXT NOT NULL, seq INTEGER NOT NULL, hlc TEXT NOT NULL,
        store_id TEXT NOT NULL, isbn TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,
        ref_origin_id TEXT, ref_seq INTEGER, UNIQUE (origin_id, seq)) STRICT;
      CREATE INDEX events_by_title ON events (store_id, isbn);
      CREATE INDEX events_by_store_hlc ON events (store_id, hlc);
      CREATE TABLE stock (store_id TEXT NOT NULL, isbn TEXT NOT NULL, on_hand INTEGER NOT NULL,
        PRIMARY KEY (store_id, isbn)) STRICT, WITHOUT ROWID;
      CREATE TABLE receipts (origin_id TEXT NOT NULL, receipt_no INTEGER NOT NULL,
        body TEXT NOT NULL, PRIMARY KEY (origin_id, receipt_no)) STRICT, WITHOUT ROWID;`);
    const stock = this.db.prepare('INSERT INTO stock VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const isbn of isbns) stock.run(STORE, isbn, 1_000);
    })();
    const event = this.db.prepare(
      'INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const sold = this.db.prepare(
      'UPDATE stock SET on_hand = on_hand - 1 WHERE store_id = ? AND isbn = ?',
    );
    const receipt = this.db.prepare('INSERT INTO receipts VALUES (?, ?, ?)');
    this.write = this.db.transaction((isbn: string) => {
      this.seq += 1;
      const seq = this.seq;
      const hlc = `${String(1_700_000_000_000 + seq).padStart(15, '0')}.00000`;
      const receiptId = `${ORIGIN}-${String(seq).padStart(6, '0')}`;
      event.run(
        ORIGIN,
        seq,
        hlc,
        STORE,
        isbn,
        'SALE',
        `{"actor":"amy","hlc":"${hlc}","isbn":"${isbn}","kind":"SALE","originId":"${ORIGIN}","qty":1,"receiptId":"${receiptId}","seq":${seq},"storeId":"${STORE}","unitPriceCents":1299}`,
      );
      sold.run(STORE, isbn);
      receipt.run(
        ORIGIN,
        seq,
        `{"cashier":"amy","createdAt":"2026-11-25T04:00:00.000Z","hlc":"${hlc}","payment":"card","totalCents":1299,"status":"final","lines":[{"isbn":"${isbn}","title":"A title of about this length","author":"An Author","qty":1,"unitPriceCents":1299,"event":{"originId":"${ORIGIN}","seq":${seq}}}]}`,
      );
    });
    this.rate(RAW_WARM_UP_COMMITS);
  }

  /** Sales a second over `count` transactions, each title in turn as section 1 sells them. */
  rate(count: number): number {
    const start = nowMs();
    for (let i = 0; i < count; i += 1) {
      const isbn = this.isbns[this.seq % this.isbns.length];
      if (!isbn) throw new Error('no titles');
      this.write(isbn);
    }
    return count / ((nowMs() - start) / 1000);
  }

  close(): void {
    this.db.close();
  }
}
