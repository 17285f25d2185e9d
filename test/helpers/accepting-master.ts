// A master that accepts every push and sale at once, for tests of the register's side of a strong
// sale; `beforeAnswer` runs while the request is "in flight".
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { PushResponse, SaleResponse } from '../../app/protocol/wire.js';
import type { MasterApi } from '../../app/sync/master-client.js';

function heldAfter(events: readonly LedgerEvent[]): Record<string, number> {
  const held: Record<string, number> = {};
  for (const event of events) held[event.originId] = Math.max(held[event.originId] ?? 0, event.seq);
  return held;
}

export function acceptingMaster(beforeAnswer: () => void = () => undefined): MasterApi {
  let head = 0;
  const answer = (events: readonly LedgerEvent[]): PushResponse => {
    beforeAnswer();
    head += events.length;
    return { accepted: events.length, duplicates: 0, held: heldAfter(events), headSeq: head };
  };
  return {
    push: (events) => Promise.resolve(answer(events)),
    sale: (receiptId, events): Promise<SaleResponse> =>
      Promise.resolve({ ...answer(events), receiptId, onHand: {} }),
    feed: () => Promise.reject(new Error('not used')),
    repair: () => Promise.reject(new Error('not used')),
  };
}
