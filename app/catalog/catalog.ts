import { z } from 'zod';
import { isbn13Schema, storeIdSchema } from '../protocol/events.js';
import { UserError } from '../shared/errors.js';
import type { SqliteDatabase } from '../ledger/database.js';
import { normalizeIsbn } from './isbn.js';

export const titleSchema = z.strictObject({
  isbn: isbn13Schema,
  title: z.string().min(1).max(300),
  author: z.string().max(300),
  priceCents: z.number().int().nonnegative(),
  costCents: z.number().int().nonnegative(),
  section: z.string().max(100).default(''),
});
export type Title = z.infer<typeof titleSchema>;

export const storeSchema = z.strictObject({
  storeId: storeIdSchema,
  name: z.string().min(1).max(100),
});
export type Store = z.infer<typeof storeSchema>;

interface TitleRow {
  isbn: string;
  title: string;
  author: string;
  price_cents: number;
  cost_cents: number;
  section: string;
}

const STORED_FORM = /^\d{13}$/;

const fromRow = (row: TitleRow): Title => ({
  isbn: row.isbn,
  title: row.title,
  author: row.author,
  priceCents: row.price_cents,
  costCents: row.cost_cents,
  section: row.section,
});

export class Catalog {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      upsertTitle: db.prepare(
        `INSERT INTO titles (isbn, title, author, price_cents, cost_cents, section)
         VALUES (@isbn, @title, @author, @priceCents, @costCents, @section)
         ON CONFLICT (isbn) DO UPDATE SET title = excluded.title, author = excluded.author,
           price_cents = excluded.price_cents, cost_cents = excluded.cost_cents, section = excluded.section`,
      ),
      title: db.prepare<[string], TitleRow>('SELECT * FROM titles WHERE isbn = ?'),
      titles: db.prepare<[], TitleRow>('SELECT * FROM titles ORDER BY title, isbn'),
      upsertStore: db.prepare(
        `INSERT INTO stores (store_id, name) VALUES (@storeId, @name)
         ON CONFLICT (store_id) DO UPDATE SET name = excluded.name`,
      ),
      store: db.prepare<[string], { store_id: string; name: string }>(
        'SELECT store_id, name FROM stores WHERE store_id = ?',
      ),
      stores: db.prepare<[], { store_id: string; name: string }>(
        'SELECT store_id, name FROM stores ORDER BY name',
      ),
    };
  }

  upsertTitles(titles: readonly Title[]): void {
    const valid = titles.map((title) => titleSchema.parse(title));
    this.db.transaction(() => valid.forEach((title) => this.statements.upsertTitle.run(title)))();
  }

  /** Looks a title up by any ISBN form; an unknown or invalid ISBN is a clear error, never a zero. */
  title(isbnInput: string): Title {
    // A scanner sends the ISBN-13 as stored (isbn13Schema's normalized form): a direct hit needs
    // no isbn3 parse, which costs more than the lookup itself on a sale's hot path.
    const stored = STORED_FORM.test(isbnInput) ? this.statements.title.get(isbnInput) : undefined;
    if (stored) return fromRow(stored);
    const isbn = normalizeIsbn(isbnInput);
    const row = this.statements.title.get(isbn);
    if (!row) {
      throw new UserError('UNKNOWN_TITLE', `No title with ISBN ${isbn} is in the catalog.`);
    }
    return fromRow(row);
  }

  titles(): Title[] {
    return this.statements.titles.all().map(fromRow);
  }

  upsertStores(stores: readonly Store[]): void {
    const valid = stores.map((store) => storeSchema.parse(store));
    this.db.transaction(() => valid.forEach((store) => this.statements.upsertStore.run(store)))();
  }

  store(storeId: string): Store {
    const row = this.statements.store.get(storeId);
    if (!row)
      throw new UserError('UNKNOWN_STORE', `No store "${storeId}" is known to this register.`);
    return { storeId: row.store_id, name: row.name };
  }

  stores(): Store[] {
    return this.statements.stores.all().map((row) => ({ storeId: row.store_id, name: row.name }));
  }
}
