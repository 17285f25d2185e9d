// Ledgers for tests: in memory or in a temp file, closed after each test, with a small slice of
// the demo catalog (seeding all 300 titles per test would only slow the suites down).
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Title } from '../../app/catalog/catalog.js';
import { DEMO_STORES, demoCatalog, type DemoTitle } from '../../app/catalog/demo-catalog.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { receiveDelivery } from '../../app/ledger/stock-operations.js';
import { useTempDirs } from './temp-dir.js';

export const LEDGER_KINDS = ['memory', 'disk'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

let catalogCache: DemoTitle[] | undefined;
/** The 300-title demo catalog, computed once per test file. */
export function demoTitles(): DemoTitle[] {
  catalogCache ??= demoCatalog();
  return catalogCache;
}

const withoutStock = ({ stock: _stock, ...title }: DemoTitle): Title => title;

/** Demo title `index` as a catalog record (without its opening stock). */
export function titleRecord(index: number): Title {
  const title = demoTitles()[index];
  if (!title) throw new Error(`the demo catalog has no title ${index}`);
  return withoutStock(title);
}

export function demoIsbn(index: number): string {
  const title = demoTitles()[index];
  if (!title) throw new Error(`the demo catalog has no title ${index}`);
  return title.isbn;
}

/** Loads the demo stores and the first `count` demo titles, without opening stock. */
export function seedTitles(ledger: Ledger, count = 10): void {
  ledger.catalog.upsertStores(DEMO_STORES);
  ledger.catalog.upsertTitles(demoTitles().slice(0, count).map(withoutStock));
}

export function deliver(ledger: Ledger, isbn: string, qty: number): void {
  receiveDelivery(ledger, {
    actor: 'receiving',
    reference: 'test delivery',
    lines: [{ isbn, qty }],
  });
}

export interface LedgerFactory {
  readonly kind: LedgerKind;
  /** Opens a new seeded ledger (a new file for 'disk'). */
  open(storeId?: string): Ledger;
  /** Closes and reopens the same file ('disk'); returns the same ledger for 'memory'. */
  reopen(ledger: Ledger): Ledger;
  /** The file behind a ledger this factory opened ('disk' only). */
  pathOf(ledger: Ledger): string;
}

/** Registers cleanup hooks in the calling describe block. */
export function useLedgers(kind: LedgerKind): LedgerFactory {
  const tempDir = useTempDirs();
  const open = new Set<Ledger>();
  const paths = new Map<Ledger, { path: string; storeId: string }>();
  afterEach(() => {
    for (const ledger of open) if (ledger.db.open) ledger.close();
    open.clear();
    paths.clear();
  });
  const track = (ledger: Ledger, file: string, storeId: string): Ledger => {
    open.add(ledger);
    paths.set(ledger, { path: file, storeId });
    return ledger;
  };
  return {
    kind,
    open(storeId = 'uptown') {
      const file = kind === 'memory' ? ':memory:' : path.join(tempDir(), `${storeId}.db`);
      const ledger = track(Ledger.open({ path: file, storeId }), file, storeId);
      seedTitles(ledger);
      return ledger;
    },
    reopen(ledger) {
      if (kind === 'memory') return ledger;
      const where = paths.get(ledger);
      if (!where) throw new Error('reopen: not a ledger of this factory');
      ledger.close();
      return track(
        Ledger.open({ path: where.path, storeId: where.storeId }),
        where.path,
        where.storeId,
      );
    },
    pathOf(ledger) {
      const where = paths.get(ledger);
      if (!where || kind === 'memory')
        throw new Error('pathOf: not an on-disk ledger of this factory');
      return where.path;
    },
  };
}
