// A small chain for sync tests: a real master on loopback (SQLite or PostgreSQL) with the demo
// stores and catalog, and real registers (ledger files in temp dirs) enrolled with one-time codes
// over HTTP. Also the checks every sync test makes of the master's database, asked through its
// inspector so they hold the same way for both storages: which events it holds, how many times,
// and whether its counts match each register's.
import { expect } from 'vitest';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import type { Title } from '../../app/catalog/catalog.js';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import type { Ledger } from '../../app/ledger/ledger.js';
import type { MasterStorage } from '../../app/master/storage.js';
import type { VersionVector } from '../../app/protocol/events.js';
import { Register } from '../../app/register/register.js';
import { Outbox } from '../../app/sync/outbox.js';
import {
  issueCode,
  startMaster,
  testStorageKind,
  type AnyTestMaster,
  type StorageKind,
} from '../master/helpers.js';
import type { MasterInspector } from '../master/inspect.js';

export const STORE_IDS = DEMO_STORES.map((store) => store.storeId);

export function demoTitles(): Title[] {
  return demoCatalog().map(({ stock: _stock, ...title }) => title);
}

/** What the checks below need of a master: its storage API and a look into its database. */
export interface MasterView {
  storage: MasterStorage;
  inspect: MasterInspector;
}

/**
 * A master on 127.0.0.1:0 with the demo stores and titles, so enrolment pulls a catalog. Without
 * a kind it follows BOOKCASE_TEST_STORAGE (SQLite by default).
 */
export async function startChainMaster(
  kind: StorageKind = testStorageKind(),
): Promise<AnyTestMaster> {
  const master = await startMaster({ storage: kind });
  await master.storage.upsertTitles(demoTitles());
  return master;
}

export interface OpenRegisterOptions {
  dataDir: string;
  storeId: string;
  /** Where the register talks to the master (a fault proxy in front of it, say). */
  masterUrl: string;
  code: string;
  name?: string;
  masterTimeoutMs?: number;
}

/** Opens a register on a fresh data dir and enrols it over HTTP with a one-time code. */
export async function openEnrolledRegister(options: OpenRegisterOptions): Promise<Register> {
  const register = Register.open({
    dataDir: options.dataDir,
    storeId: options.storeId,
    ...(options.masterTimeoutMs ? { masterTimeoutMs: options.masterTimeoutMs } : {}),
  });
  try {
    await register.enrol({
      masterUrl: options.masterUrl,
      code: options.code,
      registerName: options.name ?? `Till at ${options.storeId}`,
    });
    return register;
  } catch (error) {
    await register.close();
    throw error;
  }
}

/** Enrols a register with a code issued straight into the in-process master's storage. */
export async function enrolWith(
  master: AnyTestMaster,
  options: Omit<OpenRegisterOptions, 'code' | 'masterUrl'> & { masterUrl?: string },
): Promise<Register> {
  return openEnrolledRegister({
    ...options,
    masterUrl: options.masterUrl ?? master.url,
    code: await issueCode(master.storage, options.storeId),
  });
}

/**
 * Every event of the ledger's own origins is on the master exactly once, with the same body: the
 * master's rows for the origin are seqs 1..n with no repeat, and n is what the ledger wrote.
 */
export async function expectOwnEventsOnMasterOnce(
  ledger: Ledger,
  inspect: MasterInspector,
): Promise<void> {
  const vector = ledger.vector();
  for (const origin of ledger.ownOrigins()) {
    const written = vector[origin] ?? 0;
    const rows = await inspect.originRows(origin);
    expect(rows.length, `master rows of origin ${origin}`).toBe(written);
    const mine = ledger.eventsOfOrigin(origin, 0, written, written);
    rows.forEach((row, index) => {
      const event = mine[index];
      expect(row.seq).toBe(index + 1);
      if (!event || row.body !== canonicalEvent(event)) {
        expect.fail(`master body of ${origin}/${row.seq} differs from the ledger's`);
      }
    });
  }
}

/** The register's push checkpoint never claims more than the master really holds. */
export function expectCheckpointsNotAhead(ledger: Ledger, held: VersionVector): void {
  for (const [origin, seq] of Object.entries(new Outbox(ledger).heldByMaster())) {
    expect(seq, `checkpoint of ${origin}`).toBeLessThanOrEqual(held[origin] ?? 0);
  }
}

/**
 * After a final sync: every ledger's count of every (store, title) equals the master's, each
 * ledger's stock cache equals a fresh fold, and the master's too.
 */
export async function expectCountsAgree(
  master: MasterView,
  ledgers: readonly Ledger[],
  isbns: readonly string[],
): Promise<void> {
  for (const storeId of STORE_IDS) {
    for (const isbn of isbns) {
      const { onHand } = await master.storage.titleState(storeId, isbn);
      for (const ledger of ledgers) {
        expect(
          ledger.onHand(isbn, storeId),
          `${ledger.storeId} register's ${storeId}/${isbn}`,
        ).toBe(onHand);
      }
    }
  }
  for (const ledger of ledgers) expect(ledger.checkStock()).toEqual([]);
  expect(await master.inspect.checkStock()).toEqual([]);
}

/** A final sync's check over every title the master holds an event for. */
export async function expectAllCountsAgree(
  master: MasterView,
  ledgers: readonly Ledger[],
): Promise<void> {
  await expectCountsAgree(master, ledgers, await master.inspect.titles());
}
