// An append request as POST /v1/sales makes it for a strong-mode sale, for tests that drive a
// storage directly.
import type { AppendRequest } from '../../app/master/storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';

export function strong(events: LedgerEvent[]): AppendRequest {
  const sold = [...new Set(events.filter((e) => e.kind === 'SALE').map((e) => e.isbn))];
  return {
    events,
    onHandFor: { storeId: events[0]?.storeId ?? 'uptown', isbns: sold },
    refuseNegativeStock: true,
  };
}
