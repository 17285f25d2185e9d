// The nightly comparison heals titles nobody scanned: over real HTTP, registers on real SQLite
// files, the master on SQLite and on PostgreSQL.
import { expect, it } from 'vitest';
import type { Register } from '../../app/register/register.js';
import { antiEntropy } from '../../app/sync/anti-entropy.js';
import { MasterClient } from '../../app/sync/master-client.js';
import { recentRuns } from '../../app/sync/run-history.js';
import { describeEachStorage, type AnyTestMaster } from '../master/helpers.js';
import { useChain, X, Y } from './chain.js';

describeEachStorage('anti-entropy in the nightly batch', (kind) => {
  const chain = useChain(kind);

  async function setUp(): Promise<{ at: AnyTestMaster; a: Register; b: Register }> {
    const at = await chain.start();
    return { at, a: await chain.till(), b: await chain.till() };
  }

  it('finds nothing to heal when every title agrees', async () => {
    const { a, b } = await setUp();
    a.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 2 }] });
    await a.syncNow();
    const result = await b.syncNow();
    expect(result.antiEntropy).toMatchObject({
      compared: true,
      titles: 1,
      healed: [],
      unresolved: [],
    });
  });

  it('heals a stock cache that drifted from its own log', async () => {
    const { a } = await setUp();
    a.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 2 }] });
    await a.syncNow();
    a.ledger.db.prepare('UPDATE stock SET on_hand = 40 WHERE isbn = ?').run(X);
    const result = await a.syncNow();
    expect(result.antiEntropy?.healed).toEqual([X]);
    expect(a.ledger.onHand(X)).toBe(2);
    expect(recentRuns(a.ledger)[0]?.message).toMatch(/1 titles healed/);
    expect(a.repairs()[0]).toMatchObject({
      actor: 'anti-entropy',
      isbn: X,
      localBefore: 40,
      localAfter: 2,
    });
  });

  it('heals a title digest that drifted from its own log, the count being right', async () => {
    const { a } = await setUp();
    a.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 2 }] });
    await a.syncNow();
    a.ledger.db.prepare('UPDATE stock SET event_count = 5 WHERE isbn = ?').run(X);
    const result = await a.syncNow();
    expect(result.antiEntropy?.healed).toEqual([X]);
    expect(a.ledger.checkStock()).toEqual([]);
    expect((await a.syncNow()).antiEntropy).toMatchObject({ compared: true, healed: [] });
  });

  it('heals a title whose events the feed never delivered', async () => {
    const { at, a, b } = await setUp();
    b.deliver({ actor: 'receiving', lines: [{ isbn: Y, qty: 3 }] });
    await b.syncNow();
    // A register that believes it has read the whole feed yet lacks Y's events (a lost page).
    a.ledger.settings.set('pull_after', await at.storage.headSeq());
    expect(a.ledger.onHand(Y)).toBe(0);
    const result = await a.syncNow();
    expect(result.antiEntropy?.healed).toEqual([Y]);
    expect(a.ledger.onHand(Y)).toBe(3);
    expect(a.ledger.checkStock()).toEqual([]);
  });

  it('does not compare while the master has moved past what the register pulled, or while it has events to push', async () => {
    const { at, a, b } = await setUp();
    await a.syncNow();
    b.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 1 }] });
    await b.syncNow(); // the master's head moves past a's checkpoint
    const client = new MasterClient({
      url: at.url,
      token: a.ledger.settings.get('master_token') ?? '',
    });
    try {
      expect(await antiEntropy(a.ledger, client)).toMatchObject({ compared: false, healed: [] });
      await a.syncNow();
      a.deliver({ actor: 'receiving', lines: [{ isbn: Y, qty: 1 }] }); // waits in the outbox
      expect(await antiEntropy(a.ledger, client)).toMatchObject({ compared: false });
      expect(a.ledger.onHand(X)).toBe(1);
    } finally {
      await client.close();
    }
  });
});
