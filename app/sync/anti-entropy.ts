// Anti-entropy: after a batch, the register compares a digest of every title of its store with
// the master's and heals the titles that differ, so read repair at the counter is not the only
// path to agreement. Digests are only comparable when both sides describe the same events: the
// register has pulled to exactly the master's head and has nothing left to push.
import type { Ledger } from '../ledger/ledger.js';
import type { TitleDigest } from '../protocol/wire.js';
import { exchange } from '../repair/read-repair.js';
import { flagForCount, insertRepair } from '../repair/repair-log.js';
import type { MasterApi } from './master-client.js';
import { Outbox } from './outbox.js';

export interface AntiEntropyResult {
  /** False when the master kept moving or our outbox was not empty: nothing comparable. */
  compared: boolean;
  titles: number;
  healed: string[];
  /** Still different after healing: flagged for the next stocktake. */
  unresolved: string[];
}

function localDigests(ledger: Ledger): Map<string, TitleDigest> {
  return new Map(ledger.titleDigests().map((digest) => [digest.isbn, digest]));
}

const same = (a: TitleDigest | undefined, b: TitleDigest | undefined): boolean =>
  (a?.events ?? 0) === (b?.events ?? 0) &&
  (a?.seqSum ?? 0) === (b?.seqSum ?? 0) &&
  (a?.onHand ?? 0) === (b?.onHand ?? 0);

export async function antiEntropy(ledger: Ledger, client: MasterApi): Promise<AntiEntropyResult> {
  const result: AntiEntropyResult = { compared: false, titles: 0, healed: [], unresolved: [] };
  if (!client.digests) return result;
  // Our own digests are read while the master reads its own (one stock row per title on each
  // side), and read again only if an event arrived meanwhile.
  const asked = client.digests(ledger.storeId);
  // Awaited below; this only keeps a failure from going unhandled while we read ours.
  asked.catch(() => undefined);
  const vectorBefore = JSON.stringify(ledger.vector());
  let local = localDigests(ledger);
  const master = await asked;
  const pulledTo = ledger.settings.get('pull_after') ?? 0;
  if (master.headSeq !== pulledTo || new Outbox(ledger).size() > 0) return result;
  result.compared = true;
  if (JSON.stringify(ledger.vector()) !== vectorBefore) local = localDigests(ledger);
  const theirs = new Map(master.titles.map((digest) => [digest.isbn, digest]));
  const isbns = new Set([...local.keys(), ...theirs.keys()]);
  result.titles = isbns.size;
  for (const isbn of isbns) {
    if (same(local.get(isbn), theirs.get(isbn))) continue;
    const before = local.get(isbn)?.onHand ?? 0;
    // A replication gap is healed by the same exchange read repair uses; a cache that disagrees
    // with its own log is folded again.
    const swapped = await exchange(ledger, client, isbn, { attempts: 2, backoffMs: [200] });
    ledger.recomputeTitle(isbn);
    const after = ledger.onHand(isbn);
    const healed = after === swapped.masterOnHand;
    (healed ? result.healed : result.unresolved).push(isbn);
    if (!healed)
      flagForCount(
        ledger,
        ledger.storeId,
        isbn,
        'anti-entropy: the master and this register disagree',
      );
    insertRepair(ledger, {
      storeId: ledger.storeId,
      isbn,
      actor: 'anti-entropy',
      atCounter: 0,
      localBefore: before,
      localAfter: after,
      masterBefore: swapped.masterBefore,
      masterAfter: swapped.masterOnHand,
      eventsIn: swapped.eventsIn,
      eventsOut: swapped.eventsOut,
      outcome: healed ? 'agreed' : 'flagged',
      message: healed
        ? 'Healed by the nightly comparison.'
        : 'Still different after the nightly comparison.',
    });
  }
  return result;
}
