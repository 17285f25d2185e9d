// Disputes at the counter through the register API: a scan the ledger disputes is reconciled with
// a real master on loopback (the first-run embedded one), and the cashier's decision lands.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi } from '../../app/protocol/register-api.js';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { asStaff, closedPort, openTestRuntime } from './fixtures.js';

const IN_STOCK = demoIsbn(1); // 2 at uptown
const NONE_HERE = demoIsbn(0); // 0 at uptown, 5 at riverside
const ANA = asStaff('ana', 'cashier');

describe('register API: disputes at the counter', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir(), { embeddedMaster: true });
  });
  afterEach(() => runtime.close());

  const h = () => runtime.handlers;
  const onHand = (isbn: string) => runtime.register.ledger.onHand(isbn);

  it('no dispute when the shelf count covers the copies at the counter', async () => {
    const outcome = await h().checkScan({ isbn: IN_STOCK, atCounter: 2 }, ANA);
    expect(outcome).toEqual({ outcome: 'no-dispute', isbn: IN_STOCK, onHand: 2 });
  });

  it('a copy the ledger and the master both say is not here: a correction to confirm', async () => {
    const outcome = await h().checkScan({ isbn: NONE_HERE, atCounter: 1 }, ANA);
    expect(registerApi.checkScan.output.safeParse(outcome).success).toBe(true);
    if (outcome.outcome !== 'discrepancy') throw new Error(`got ${outcome.outcome}`);
    expect(outcome.proposed).toEqual({ from: 0, to: 1 });
    expect(onHand(NONE_HERE)).toBe(0);

    const confirmed = await h().confirmCorrection({ repairId: outcome.repairId }, ANA);
    expect(confirmed).toEqual({ isbn: NONE_HERE, onHand: 1, adjusted: true });
    expect(onHand(NONE_HERE)).toBe(1);
    // Decided once: a second decision is refused, and the count does not move.
    await expect(h().declineCorrection({ repairId: outcome.repairId }, ANA)).rejects.toThrow(
      /nothing to decline/,
    );
    expect(onHand(NONE_HERE)).toBe(1);
  });

  it('declining leaves the count as it was', async () => {
    const outcome = await h().checkScan({ isbn: NONE_HERE, atCounter: 2 }, ANA);
    if (outcome.outcome !== 'discrepancy') throw new Error(`got ${outcome.outcome}`);
    await expect(h().declineCorrection({ repairId: outcome.repairId }, ANA)).resolves.toEqual({
      isbn: NONE_HERE,
      onHand: 0,
      adjusted: false,
    });
    expect(onHand(NONE_HERE)).toBe(0);
  });

  it('a malformed request or an unknown repair is the caller’s mistake (4xx), and changes nothing', async () => {
    const bad = await dispatchApiCall(h(), 'checkScan', { isbn: NONE_HERE, atCounter: 0 }, ANA);
    expect(bad.status).toBe(400);
    const unknown = await dispatchApiCall(h(), 'confirmCorrection', { repairId: 9999 }, ANA);
    expect(unknown.status).toBe(422);
    expect(unknown.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(onHand(NONE_HERE)).toBe(0);
  });
});

describe('register API: a dispute with the master away', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir());
    const settings = runtime.register.ledger.settings;
    settings.set('master_url', `http://127.0.0.1:${await closedPort()}`);
    settings.set('master_token', 't'.repeat(43));
  });
  afterEach(() => runtime.close());

  it('the count is unverified, says why, and nothing changes', async () => {
    const outcome = await runtime.handlers.checkScan({ isbn: NONE_HERE, atCounter: 1 }, ANA);
    expect(registerApi.checkScan.output.safeParse(outcome).success).toBe(true);
    if (outcome.outcome !== 'unverified') throw new Error(`got ${outcome.outcome}`);
    expect(outcome.message.length).toBeGreaterThan(0);
    expect(runtime.register.ledger.onHand(NONE_HERE)).toBe(0);
    expect((await runtime.handlers.status({}, {})).masterReachable).toBe(false);
  });
});
