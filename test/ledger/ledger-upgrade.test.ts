// Upgrading a ledger at start-up: migration 10 moves the event log into a rowid table, in steps
// that report progress and let the event loop run; a process killed half-way leaves the file as
// it was, and the next start upgrades it.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openUnmigrated } from '../../app/ledger/database.js';
import {
  progressInTenths,
  upgradeLedgerFile,
  type UpgradeProgress,
} from '../../app/ledger/ledger-upgrade.js';
import { LATEST_VERSION, schemaVersion } from '../../app/ledger/migrations/index.js';
import { allRows, rowsAfter, userTables } from '../helpers/migration-rows.js';
import { BEFORE_EVENTS_WITH_ROWID, writeOldLedger } from '../helpers/old-ledger.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const CHILD = path.join(import.meta.dirname, '../helpers/upgrade-child.ts');
const REGISTER_CLI = path.join(import.meta.dirname, '../../app/cli/register.ts');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function snapshot(file: string) {
  const db = openUnmigrated({ path: file });
  try {
    return {
      version: schemaVersion(db),
      tables: userTables(db),
      rows: allRows(db, userTables(db)),
      eventsSql: (
        db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'events'").get() as { sql: string }
      ).sql,
    };
  } finally {
    db.close();
  }
}

describe('upgrading a ledger at start-up', () => {
  const tempDir = useTempDirs();

  it('moves the events into a rowid table in key order, keeping every row, and reports each step', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    writeOldLedger(file, 25_000);
    const before = snapshot(file);
    expect(before.version).toBe(BEFORE_EVENTS_WITH_ROWID);
    expect(before.eventsSql).toMatch(/WITHOUT ROWID/);

    const reports: UpgradeProgress[] = [];
    let turns = 0;
    const turn = setInterval(() => (turns += 1), 0);
    const upgraded = await upgradeLedgerFile({
      path: file,
      onProgress: (progress) => reports.push(progress),
    }).finally(() => clearInterval(turn));

    expect(upgraded).toEqual({ from: BEFORE_EVENTS_WITH_ROWID, to: LATEST_VERSION });
    // 25,002 events in chunks of 10,000, then the old table dropped and three indexes built: a
    // report before each step, each followed by a pause. Then migration 11 copies the two receipts.
    const copying = 'reorganising the event log';
    const indexing = 'indexing the event log';
    const receipts = 'reorganising the receipts';
    expect(reports.map(({ version, name, done, total }) => [version, name, done, total])).toEqual([
      [10, copying, 0, 25_002],
      [10, copying, 10_000, 25_002],
      [10, copying, 20_000, 25_002],
      [10, copying, 25_002, 25_002],
      [10, indexing, 0, 4],
      [10, indexing, 1, 4],
      [10, indexing, 2, 4],
      [10, indexing, 3, 4],
      [10, indexing, 4, 4],
      [11, receipts, 0, 2],
      [11, receipts, 2, 2],
    ]);
    // The timer ran while the upgrade was under way, not only after it.
    expect(turns).toBeGreaterThanOrEqual(2);

    const after = snapshot(file);
    expect(after.version).toBe(LATEST_VERSION);
    const expected = rowsAfter(before.rows, BEFORE_EVENTS_WITH_ROWID, LATEST_VERSION);
    expect(after.tables).toEqual(Object.keys(expected).sort());
    expect(after.rows).toEqual(expected);
    expect(after.eventsSql).not.toMatch(/WITHOUT ROWID/);
    const db = openUnmigrated({ path: file });
    try {
      const byRowid = db.prepare('SELECT origin_id, seq FROM events ORDER BY rowid').all();
      const byKey = db.prepare('SELECT origin_id, seq FROM events ORDER BY origin_id, seq').all();
      expect(byRowid).toEqual(byKey);
      expect(
        db
          .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name",
          )
          .pluck()
          .all(),
      ).toEqual(['events_by_ref', 'events_by_store_hlc', 'events_by_title']);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
    // Nothing left to do at the next start; no file, nothing to upgrade.
    await expect(upgradeLedgerFile({ path: file, onProgress: () => undefined })).resolves.toBe(
      null,
    );
    await expect(
      upgradeLedgerFile({ path: path.join(tempDir(), 'none.db'), onProgress: () => undefined }),
    ).resolves.toBe(null);
  });

  it('a process killed half-way through leaves the file as it was, and the next start upgrades it', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    writeOldLedger(file, 100_000);
    const before = snapshot(file);

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const killedAt = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /progress (\d+) (\d+)\n/.exec(output.split('\n').slice(-3).join('\n'));
        if (match && Number(match[1]) > 0 && Number(match[1]) < Number(match[2])) {
          child.kill('SIGKILL');
          resolve(match[0].trim());
        }
      });
      child.on('exit', () =>
        reject(new Error(`the upgrade ended before it was killed:\n${output}`)),
      );
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(killedAt).toMatch(/^progress \d+ 100002$/);
    expect(output).not.toMatch(/done/);

    expect(snapshot(file)).toEqual(before);

    const upgraded = await upgradeLedgerFile({ path: file, onProgress: () => undefined });
    expect(upgraded).toEqual({ from: BEFORE_EVENTS_WITH_ROWID, to: LATEST_VERSION });
    const after = snapshot(file);
    expect(after.rows).toEqual(rowsAfter(before.rows, BEFORE_EVENTS_WITH_ROWID, LATEST_VERSION));
    expect(after.version).toBe(LATEST_VERSION);
  }, 60_000);

  it('a terminal gets one line per tenth of each step, not one per report', () => {
    const lines: string[] = [];
    const report = progressInTenths((line) => lines.push(line));
    for (const done of [0, 5, 10, 15, 99, 100]) {
      report({ version: 10, name: 'copying', done, total: 100 });
    }
    report({ version: 11, name: 'indexing', done: 0, total: 0 });
    expect(lines).toEqual([
      'copying: 0% (0 of 100)',
      'copying: 10% (10 of 100)',
      'copying: 90% (99 of 100)',
      'copying: 100% (100 of 100)',
      'indexing: 100% (0 of 0)',
    ]);
  });

  it('the headless register upgrades an old ledger before its command, saying so on stderr', async () => {
    const dataDir = tempDir();
    writeOldLedger(path.join(dataDir, 'ledger.db'), 30_000);
    const { code, stdout, stderr } = await run([REGISTER_CLI, 'status', '--data', dataDir]);
    expect(stderr).toContain(
      'Upgrading the ledger: reorganising the event log: 100% (30,002 of 30,002)',
    );
    expect(stderr).toContain(`Upgraded the ledger from schema 9 to ${LATEST_VERSION}.`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ storeId: 'uptown' });
    expect(snapshot(path.join(dataDir, 'ledger.db')).version).toBe(LATEST_VERSION);
  }, 30_000);

  it('a damaged file is refused in words a person can act on, and left as it was', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    writeFileSync(file, 'not a ledger at all, '.repeat(500));
    const before = readFileSync(file);
    await expect(
      upgradeLedgerFile({ path: file, onProgress: () => undefined }),
    ).rejects.toMatchObject({ code: 'LEDGER_DAMAGED' });
    expect(readFileSync(file)).toEqual(before);
  });

  it('a disk too full for the rebuild: DISK_FULL in words IT can act on, and the file as it was', async (context) => {
    const made = path.join(tempDir(), 'ledger.db');
    writeOldLedger(made, 20_000);
    const size = statSync(made).size;
    // A small file system of its own, with room for the file and a little more, not for a copy.
    const disk = tempDir();
    const mounted = mountSmallDisk(disk, size + 2 * 2 ** 20);
    context.skip(
      !mounted.ok,
      `needs a tmpfs of its own to fill, and mount was refused here (${mounted.ok ? '' : mounted.why})`,
    );
    try {
      const file = path.join(disk, 'ledger.db');
      copyFileSync(made, file);
      const before = snapshot(file);

      const refused = await upgradeLedgerFile({ path: file, onProgress: () => undefined }).catch(
        (error: unknown) => error,
      );

      expect(refused).toMatchObject({ code: 'DISK_FULL' });
      expect((refused as Error).message).toMatch(
        /^The disk holding .*ledger\.db is full: upgrading the ledger needs about \d+ MB free .* Nothing was changed; free some space and start the register again\.$/,
      );
      expect(snapshot(file)).toEqual(before);
    } finally {
      unmountSmallDisk(disk);
    }
  }, 30_000);
});

function mountSmallDisk(dir: string, bytes: number): { ok: true } | { ok: false; why: string } {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
    return { ok: true };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? (error.message.split('\n')[0] ?? '') : '' };
  }
}

function unmountSmallDisk(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    // Not mounted: nothing to undo.
  }
}
