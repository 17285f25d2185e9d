// A register whose ledger file was copied or restored writes as a new origin; it must be able to
// sync that origin's events (claiming it on first contact), and the old origin's waiting events too.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Register } from '../../app/register/register.js';
import { useChain, X } from './chain.js';

const chain = useChain();

describe('a restored register keeps syncing under its new origin', () => {
  it('claims the new origin on first contact and pushes the events of both origins', async () => {
    const at = await chain.start();
    const till = await chain.till();
    till.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 3 }] });
    await till.syncNow();
    till.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 2 }] }); // waits in the outbox
    const oldOrigin = till.ledger.originId;
    const source = join(till.ledger.db.name, '..');
    await till.close();

    // IT restores the register's data folder from a copy onto a new machine.
    const restoredDir = mkdtempSync(join(tmpdir(), 'bookcase-restored-'));
    try {
      cpSync(source, restoredDir, { recursive: true });
      const restored = Register.open({ dataDir: restoredDir, masterTimeoutMs: 1_000 });
      try {
        expect(restored.ledger.originId).not.toBe(oldOrigin);
        expect(restored.ledger.rotatedBecause).toMatch(/copied or restored/);
        restored.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 1 }] });
        expect(restored.status().outboxSize).toBe(2);
        await restored.syncNow();
        expect(restored.status().outboxSize).toBe(0);
        expect((await at.storage.titleState('uptown', X)).onHand).toBe(6);
        const held = (await at.storage.titleState('uptown', X)).vector;
        expect(held[restored.ledger.originId]).toBe(1);
        expect(held[oldOrigin]).toBe(2);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(restoredDir, { recursive: true, force: true });
    }
  });
});
