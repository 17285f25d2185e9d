import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { PrintableReceipt } from '../../app/protocol/register-api.js';
import { resolveNativeBinding } from '../../main/native-binding.js';
import { printReceipt, receiptLengthMm } from '../../main/print.js';
import { useTempDirs } from '../helpers/temp-dir.js';

vi.mock('electron', () => ({}));

const receipt = {
  receipt: { receiptId: 'abc-000001' },
  text: Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n'),
} as unknown as PrintableReceipt;

function contents(result: [boolean, string]) {
  return {
    print: vi.fn((_options: unknown, callback: (success: boolean, reason: string) => void) =>
      callback(...result),
    ),
    printToPDF: vi.fn(() => Promise.resolve(Buffer.from('%PDF-1.7 receipt'))),
  };
}

describe('printing a receipt (Electron)', () => {
  const tempDir = useTempDirs();

  it('prints silently on an 80 mm page as long as the receipt', async () => {
    const page = contents([true, '']);
    await expect(printReceipt(page, receipt, tempDir())).resolves.toEqual({ via: 'printer' });
    expect(page.print.mock.calls[0]?.[0]).toMatchObject({
      silent: true,
      pageSize: { width: 80_000, height: receiptLengthMm(receipt.text) * 1000 },
    });
    expect(receiptLengthMm(receipt.text)).toBe(Math.ceil(20 * 3.67 + 16));
    expect(page.printToPDF).not.toHaveBeenCalled();
  });

  it('saves a PDF in the data folder when no printer takes the job', async () => {
    const dir = tempDir();
    const page = contents([false, 'Invalid printer settings']);
    const outcome = await printReceipt(page, receipt, join(dir, 'receipts'));
    const path = join(dir, 'receipts', 'receipt-abc-000001.pdf');
    expect(outcome).toEqual({ via: 'pdf', path, reason: 'Invalid printer settings' });
    expect(readFileSync(path, 'utf8')).toBe('%PDF-1.7 receipt');
  });

  it('does nothing more when the cashier cancels', async () => {
    const dir = tempDir();
    const page = contents([false, 'Print job canceled']);
    await expect(printReceipt(page, receipt, dir)).resolves.toEqual({ via: 'cancelled' });
    expect(page.printToPDF).not.toHaveBeenCalled();
    expect(existsSync(join(dir, 'receipt-abc-000001.pdf'))).toBe(false);
  });
});

describe('better-sqlite3 for Electron (nativeBinding)', () => {
  const base = { resourcesPath: '/opt/Bookcase/resources', appRoot: '/src/bookcase' };

  it('takes BOOKCASE_SQLITE_BINDING first, and refuses one that does not exist', () => {
    const env = { BOOKCASE_SQLITE_BINDING: '/builds/electron-41/better_sqlite3.node' };
    expect(resolveNativeBinding({ ...base, env, isPackaged: true, exists: () => true })).toBe(
      '/builds/electron-41/better_sqlite3.node',
    );
    expect(() =>
      resolveNativeBinding({ ...base, env, isPackaged: true, exists: () => false }),
    ).toThrow(/BOOKCASE_SQLITE_BINDING names .* which does not exist/);
  });

  it('uses the packaged resources build, or the from-source build folder', () => {
    const seen: string[] = [];
    const exists = (path: string) => (seen.push(path), true);
    expect(resolveNativeBinding({ ...base, env: {}, isPackaged: true, exists })).toBe(
      '/opt/Bookcase/resources/native/better_sqlite3.node',
    );
    expect(resolveNativeBinding({ ...base, env: {}, isPackaged: false, exists })).toBe(
      '/src/bookcase/native/electron/better_sqlite3.node',
    );
  });

  it('leaves better-sqlite3 to find its own build when there is no Electron build', () => {
    expect(
      resolveNativeBinding({ ...base, env: {}, isPackaged: false, exists: () => false }),
    ).toBeUndefined();
  });
});
