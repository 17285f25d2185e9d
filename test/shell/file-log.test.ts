// The register's log on a real temp folder: JSON lines, rotation when the size is exceeded (a
// tiny size here), gzipped old files capped in number, secrets kept out, crashes written at once.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  logFileOf,
  logUncaughtErrors,
  openFileLog,
  type FileLog,
} from '../../app/shell/file-log.js';

let dataDir: string;
let opened: FileLog | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'bookcase-log-'));
});
afterEach(async () => {
  await opened?.close();
  opened = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the register log file', () => {
  it('writes one JSON record per line in <data>/logs/register.log', async () => {
    opened = openFileLog({ dataDir });
    expect(opened.file).toBe(join(dataDir, 'logs', 'register.log'));
    expect(logFileOf(dataDir)).toBe(opened.file);
    opened.log.info({ storeId: 'uptown' }, 'The register started');
    opened.log.warn({ err: new Error('the master is away') }, 'Sync failed');
    await opened.close();

    const records = lines(readFileSync(join(dataDir, 'logs', 'register.log'), 'utf8'));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ level: 30, msg: 'The register started', storeId: 'uptown' });
    expect(Date.parse(String(records[0]?.time))).not.toBeNaN();
    expect(records[1]).toMatchObject({ level: 40, msg: 'Sync failed' });
    expect((records[1]?.err as { message: string }).message).toBe('the master is away');
  });

  it('never writes a PIN, a payment reference or a whole payload', async () => {
    opened = openFileLog({ dataDir });
    opened.log.info(
      {
        pin: '4321',
        staff: { name: 'Ana', pin: '1234' },
        payment: { method: 'card', reference: 'AUTH-998877' },
        sale: { payment: { reference: 'AUTH-112233' } },
        payload: { lines: [{ isbn: '9780000000002' }] },
      },
      'A call with secrets in it',
    );
    await opened.close();
    const text = readFileSync(opened.file, 'utf8');
    for (const secret of ['4321', '1234', 'AUTH-998877', 'AUTH-112233', '9780000000002']) {
      expect(text).not.toContain(secret);
    }
    expect(lines(text)[0]).toMatchObject({
      msg: 'A call with secrets in it',
      pin: '[redacted]',
      staff: { name: 'Ana', pin: '[redacted]' },
    });
  });

  it('rotates when the size is exceeded, gzipping the old file, and keeps only so many', async () => {
    let rotatedCount = 0;
    opened = openFileLog({
      dataDir,
      rotateSize: '1K',
      keep: 3,
      onRotated: () => (rotatedCount += 1),
    });
    const logs = join(dataDir, 'logs');
    // Five rotations' worth of records: each batch is over 1 KiB, written one record at a time.
    for (let batch = 0; batch < 5; batch += 1) {
      for (let record = 0; record < 12; record += 1) {
        opened.log.info({ batch, record, filler: 'x'.repeat(60) }, `batch ${batch}`);
      }
      // Let the stream see the size and rotate before the next batch.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await vi.waitFor(() => expect(rotatedCount).toBeGreaterThanOrEqual(5));
    opened.log.info('after the rotations');
    await opened.close();

    const files = readdirSync(logs).sort();
    expect(files).toEqual([
      'register.log',
      'register.log.1.gz',
      'register.log.2.gz',
      'register.log.3.gz',
    ]);
    // The newest old file is .1; older batches beyond the cap are gone.
    const newest = lines(
      gunzipSync(readFileSync(join(logs, 'register.log.1.gz'))).toString('utf8'),
    );
    const oldest = lines(
      gunzipSync(readFileSync(join(logs, 'register.log.3.gz'))).toString('utf8'),
    );
    expect(Number(newest.at(-1)?.batch)).toBeGreaterThan(Number(oldest.at(-1)?.batch));
    const everything = [
      ...files
        .filter((name) => name.endsWith('.gz'))
        .flatMap((name) => lines(gunzipSync(readFileSync(join(logs, name))).toString('utf8'))),
      ...lines(readFileSync(join(logs, 'register.log'), 'utf8')),
    ];
    expect(everything.some((record) => record.batch === 0)).toBe(false);
    expect(lines(readFileSync(join(logs, 'register.log'), 'utf8')).at(-1)?.msg).toBe(
      'after the rotations',
    );
  });

  it('writes an uncaught error at once, before the process can go down', () => {
    opened = openFileLog({ dataDir });
    const process = { on: vi.fn() };
    logUncaughtErrors(process, opened);
    const [event, listener] = process.on.mock.calls[0] as [string, (e: Error, o: string) => void];
    expect(event).toBe('uncaughtExceptionMonitor');
    listener(new Error('the ledger handle went away'), 'uncaughtException');
    // No await: the record is on disk as the listener returns.
    const record = lines(readFileSync(opened.file, 'utf8')).at(-1);
    expect(record).toMatchObject({ level: 60, msg: 'An error nobody caught (uncaughtException)' });
    expect((record?.err as { message: string; stack: string }).message).toBe(
      'the ledger handle went away',
    );
  });

  it('keeps the register going, logging on the console, when the log folder cannot be made', () => {
    const errors: Error[] = [];
    // A file where the data folder should be: no logs folder can be made inside it.
    const blocked = join(dataDir, 'blocked');
    writeFileSync(blocked, '');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      opened = openFileLog({ dataDir: blocked, onWriteError: (error) => errors.push(error) });
      opened.log.error('Sync failed');
      expect(stderr).toHaveBeenCalledWith('Sync failed\n');
    } finally {
      stderr.mockRestore();
    }
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ENOTDIR']);
  });
});
