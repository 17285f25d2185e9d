// The nightly comparison reads the register's digests while the master computes its own. A
// foreign event applied in between (read repair at the counter) makes the register's first read
// stale: it is read again, so the comparison still sees the ledger as it is when it compares.
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import { antiEntropy } from '../../app/sync/anti-entropy.js';
import type { MasterApi } from '../../app/sync/master-client.js';
import { Outbox } from '../../app/sync/outbox.js';
import type { DigestResponse, TitleDigest } from '../../app/protocol/wire.js';
import { anotherTillsEvents, useMemoryLedgers } from '../helpers/feed-chain.js';
import { demoIsbn } from '../helpers/ledgers.js';

const open = useMemoryLedgers();

/** The digest of each title as the master would compute it from the same events. */
function digestsOf(ledger: Ledger): TitleDigest[] {
  const byIsbn = new Map<string, TitleDigest>();
  for (const event of ledger.eventsMissingFrom({}, 10_000)) {
    if (event.storeId !== ledger.storeId) continue;
    const digest = byIsbn.get(event.isbn) ?? {
      isbn: event.isbn,
      onHand: ledger.onHand(event.isbn),
      events: 0,
      seqSum: 0,
    };
    digest.events += 1;
    digest.seqSum += event.seq;
    byIsbn.set(event.isbn, digest);
  }
  return [...byIsbn.values()];
}

function masterAnswering(answer: () => DigestResponse, meanwhile: () => void): MasterApi {
  return {
    push: () => Promise.reject(new Error('nothing to push')),
    sale: () => Promise.reject(new Error('no sales here')),
    // A title that differs would be exchanged: this master refuses, so the test would fail.
    repair: () => Promise.reject(new Error('no title should need healing')),
    feed: () => Promise.reject(new Error('no feed here')),
    digests: () =>
      new Promise((resolve) => {
        // The register reads its own digests before this answer lands.
        setImmediate(() => {
          meanwhile();
          resolve(answer());
        });
      }),
  };
}

describe('the nightly comparison read alongside the master’s', () => {
  it('reads its own digests again when an event arrived while it waited', async () => {
    const till = open();
    const events = anotherTillsEvents(open, 4);
    till.applyForeign(events.slice(0, 2));
    till.settings.set('pull_after', 2);
    expect(new Outbox(till).size()).toBe(0);
    const client = masterAnswering(
      () => ({ storeId: till.storeId, headSeq: 3, titles: digestsOf(till) }),
      () => {
        // Read repair brings one more event of title 2 (another till's third delivery).
        till.applyForeign([events[2] as (typeof events)[number]]);
        till.settings.set('pull_after', 3);
      },
    );
    const result = await antiEntropy(till, client);
    expect(events[2]?.isbn).toBe(demoIsbn(2));
    expect(result).toMatchObject({ compared: true, healed: [], unresolved: [] });
    expect(result.titles).toBe(3);
  });
});
