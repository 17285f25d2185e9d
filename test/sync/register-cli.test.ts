// The headless register CLI as IT runs it (`npm run register -- …`, here `node --import tsx`),
// against a live master on loopback: enrol with a one-time code, deliver, sell, status, sync,
// stock, and a bad ISBN answered with exit code 2, a clear message and nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Register } from '../../app/register/register.js';
import { issueCode, type AnyTestMaster } from '../master/helpers.js';
import { expectCountsAgree, startChainMaster } from '../helpers/sync-chain.js';
import { runRegisterCli, type CliRun } from '../helpers/sync-processes.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const newDir = useTempDirs();
let master: AnyTestMaster;
let isbn: string;
let title: string;

beforeAll(async () => {
  master = await startChainMaster();
  const first = (await master.storage.titles())[0];
  if (!first) throw new Error('no titles');
  ({ isbn, title } = first);
});
afterAll(async () => {
  await master.close();
});

interface Status {
  storeId: string;
  mode: string;
  enrolled: boolean;
  outboxSize: number;
  pendingSales: number;
  lastSyncAt: string | null;
  vector: Record<string, number>;
}

function statusOf(run: CliRun): Status {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Status;
}

function ok(run: CliRun): string {
  expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
  return run.stdout;
}

describe('headless register CLI', () => {
  it('--help lists every command and the data folder option', async () => {
    const out = ok(await runRegisterCli(['--help']));
    for (const command of [
      'status',
      'enrol',
      'sell',
      'return',
      'deliver',
      'stock',
      'sync',
      'pending',
      'retry',
      'cancel',
      'mode',
      'schedule',
    ]) {
      // One command per line, or a few that go together: "retry RECEIPT | cancel RECEIPT".
      expect(out).toMatch(new RegExp(`^ {2}(?:.*\\| )?${command}\\b`, 'm'));
    }
    expect(out).toContain('--data DIR');
  });

  it('enrols with a code, sells, reports its outbox, syncs and shows stock across stores', async () => {
    const data = newDir();
    const cli = (...args: string[]) => runRegisterCli([...args, '--data', data]);

    const wrongCode = await cli(
      'enrol',
      '--master',
      master.url,
      '--code',
      'AAAAA-BBBBB',
      '--store',
      'uptown',
    );
    expect(wrongCode.code).toBe(2);
    expect(wrongCode.stderr).toMatch(/^bookcase: .*code/im);

    const code = await issueCode(master.storage, 'uptown');
    const enrolled = ok(
      await cli(
        'enrol',
        '--master',
        master.url,
        '--code',
        code,
        '--store',
        'uptown',
        '--name',
        'Back office',
      ),
    );
    expect(enrolled).toContain(`Enrolled "Back office" for Uptown with ${master.url}`);
    expect((await master.storage.registers()).map((r) => r.name)).toContain('Back office');

    expect(ok(await cli('deliver', `${isbn}x5`, '--ref', 'PO-7'))).toMatch(/Received 5 copies/);
    const sold = ok(await cli('sell', `${isbn}x2`, '--card', '--cashier', 'amy'));
    expect(sold).toContain(title);

    const before = statusOf(await cli('status'));
    expect(before).toMatchObject({
      storeId: 'uptown',
      mode: 'eventual',
      enrolled: true,
      outboxSize: 2,
      pendingSales: 0,
      lastSyncAt: null,
    });
    expect(Object.values(before.vector)).toEqual([2]);

    const synced = await cli('sync');
    expect(ok(synced)).toMatch(/Pushed 2, pulled \d+/);
    expect(synced.stderr).toMatch(/push\s+2\/2 events 100%/);
    expect((await master.storage.titleState('uptown', isbn)).onHand).toBe(3);
    const after = statusOf(await cli('status'));
    expect(after.outboxSize).toBe(0);
    expect(after.lastSyncAt).not.toBeNull();

    const stock = ok(await cli('stock', isbn));
    expect(stock).toContain(`${title} (${isbn}): 3 on hand here`);
    expect(stock).toMatch(/^ {2}Uptown: 3$/m);
    expect(stock).toMatch(/^ {2}Riverside: 0$/m);

    // A mistyped ISBN: exit 2, a sentence for a person, and no sale recorded.
    const bad = await cli('sell', '978030640615', '--card');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'bookcase: "978030640615" is not an ISBN: expected 10 or 13 digits (an ISBN-10 may end in X).',
    );
    expect(bad.stdout).toBe('');
    const checkDigit = await cli('sell', '9780306406158', '--card');
    expect(checkDigit.code).toBe(2);
    expect(checkDigit.stderr).toMatch(/check digit/);
    expect(statusOf(await cli('status')).vector).toEqual(after.vector);

    const unknown = await cli('refund-everything');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "refund-everything"/);

    // Strong mode: the sale is on the master before the CLI prints it.
    expect(ok(await cli('mode', 'strong'))).toContain('Sync mode: strong');
    const strong = ok(await cli('sell', isbn, '--cash', '5000'));
    const register = Register.open({ dataDir: data });
    try {
      const receipts = register.ledger.db
        .prepare("SELECT receipt_id, status FROM receipts WHERE kind = 'SALE' ORDER BY receipt_no")
        .all() as { receipt_id: string; status: string }[];
      expect(receipts.map((r) => r.status)).toEqual(['final', 'final']);
      const last = receipts.at(-1)?.receipt_id ?? '';
      expect(strong).toContain(title);
      expect((await master.inspect.rowsByReceipt()).get(last)).toBe(1);
      expect(register.status().outboxSize).toBe(0);
      await register.syncNow();
      await expectCountsAgree(master, [register.ledger], [isbn]);
    } finally {
      await register.close();
    }
  });

  it('tells an unreachable master apart: the strong sale waits with exit code 3', async () => {
    const data = newDir();
    const cli = (...args: string[]) => runRegisterCli([...args, '--data', data]);
    const code = await issueCode(master.storage, 'riverside');
    ok(await cli('enrol', '--master', master.url, '--code', code, '--store', 'riverside'));
    ok(await cli('mode', 'strong'));
    // Point the register at a port nobody listens on.
    const register = Register.open({ dataDir: data });
    register.ledger.settings.set('master_url', 'http://127.0.0.1:9');
    await register.close();

    const waiting = await cli('sell', isbn, '--card');
    expect(waiting.code).toBe(3);
    expect(waiting.stdout).toMatch(/cannot be reached/);
    expect(waiting.stdout).toMatch(/is waiting: "retry", "cancel" or "finish-eventual" it/);
    const pending = ok(await cli('pending'));
    expect(pending.trim().split('\n')).toHaveLength(1);
    expect(statusOf(await cli('status')).pendingSales).toBe(1);
  });
});
