// A register writes under every origin its ledger has ever had. After a copied or restored ledger
// starts a new origin (app/ledger/identity.ts), the master must learn that the new origin is this
// register's before it accepts events under it; the claim is made on first contact, once.
import type { Ledger } from '../ledger/ledger.js';
import type { LedgerEvent } from '../protocol/events.js';
import type { FeedSkip, RepairRequest } from '../protocol/wire.js';
import type { MasterApi, MasterClient } from './master-client.js';

const claimedKey = (originId: string) => `claimed_origin:${originId}`;

export function markOriginClaimed(ledger: Ledger, originId: string): void {
  ledger
    .statement("INSERT INTO meta (key, value) VALUES (?, 'yes') ON CONFLICT (key) DO NOTHING")
    .run(claimedKey(originId));
}

function isClaimed(ledger: Ledger, originId: string): boolean {
  return (
    ledger.statement('SELECT 1 FROM meta WHERE key = ?').get(claimedKey(originId)) !== undefined
  );
}

/** Claims, on the master, every origin of this ledger not yet known to be claimed. Idempotent. */
export async function claimOwnOrigins(
  ledger: Ledger,
  client: Pick<MasterClient, 'claimOrigin'>,
): Promise<void> {
  for (const originId of ledger.ownOrigins()) {
    if (isClaimed(ledger, originId)) continue;
    await client.claimOrigin(originId);
    markOriginClaimed(ledger, originId);
  }
}

/** The master as sync sees it, with this register's origins claimed before anything is written. */
export class ClaimingMaster implements MasterApi {
  /**
   * The ledger's current origin when every own origin was last found claimed. A ledger gains an
   * origin only by starting a new current one, so while this matches nothing needs checking: a
   * strong sale then pays no lookups for it.
   */
  private allClaimedAt: string | undefined;

  constructor(
    private readonly client: MasterClient,
    private readonly ledger: Ledger,
  ) {}

  async push(events: readonly LedgerEvent[]) {
    await this.claimOwnOrigins();
    return this.client.push(events);
  }

  async pushTexts(texts: readonly string[]) {
    await this.claimOwnOrigins();
    return this.client.pushTexts(texts);
  }

  async sale(receiptId: string, events: readonly LedgerEvent[]) {
    await this.claimOwnOrigins();
    return this.client.sale(receiptId, events);
  }

  feed(after: number, limit: number, skip?: FeedSkip) {
    return this.client.feed(after, limit, skip);
  }

  async repair(request: RepairRequest) {
    await this.claimOwnOrigins();
    return this.client.repair(request);
  }

  digests(storeId: string) {
    return this.client.digests(storeId);
  }

  private async claimOwnOrigins(): Promise<void> {
    const current = this.ledger.originId;
    if (this.allClaimedAt === current) return;
    await claimOwnOrigins(this.ledger, this.client);
    this.allClaimedAt = current;
  }
}
