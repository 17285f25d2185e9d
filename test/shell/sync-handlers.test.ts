// storeRegisters: the registers of this store as the master knows them, and 'unknown' in plain
// words when there is no master to ask.
import { afterEach, describe, expect, it } from 'vitest';
import { registerApi } from '../../app/protocol/register-api.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { closedPort, openTestRuntime } from './fixtures.js';

describe('storeRegisters', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime | undefined;
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });

  it('lists this store’s registers from the master, marking this one, with how far behind each is', async () => {
    runtime = await openTestRuntime(tempDir(), { embeddedMaster: true });
    const { register, handlers } = runtime;
    // Events waiting here, then a sync: this register is up to date with the feed afterwards.
    register.deliver({
      actor: 'ivy',
      reference: 'test',
      lines: [{ isbn: register.ledger.catalog.titles()[0]!.isbn, qty: 2 }],
    });
    await register.syncNow();

    const answer = registerApi.storeRegisters.output.parse(await handlers.storeRegisters({}, {}));
    if (answer.status !== 'known') throw new Error(`unknown: ${answer.message}`);
    const ours = answer.registers.filter((row) => row.thisRegister);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      originId: register.status().originId,
      registerName: 'Counter 1',
      behind: 0,
    });
    expect(ours[0]?.lastPushAt).not.toBeNull();
    expect(ours[0]?.lastPullAt).not.toBeNull();
    expect(answer.headSeq).toBeGreaterThan(0);
  });

  it('answers unknown, not enrolled, on a standalone register', async () => {
    runtime = await openTestRuntime(tempDir());
    await expect(runtime.handlers.storeRegisters({}, {})).resolves.toMatchObject({
      status: 'unknown',
      reason: 'not-enrolled',
    });
  });

  it('answers unknown, master unreachable, when nothing listens at the master’s address', async () => {
    runtime = await openTestRuntime(tempDir());
    const settings = runtime.register.ledger.settings;
    settings.set('master_url', `http://127.0.0.1:${await closedPort()}`);
    settings.set('master_token', 't'.repeat(43));
    const answer = await runtime.handlers.storeRegisters({}, {});
    expect(answer).toMatchObject({ status: 'unknown', reason: 'master-unreachable' });
    expect(answer.status === 'unknown' && answer.message).toMatch(/cannot be reached/);
  });
});
