// The operator's commands other than serve. Each opens the master database directly, which is
// safe while servers run on it: SQLite in WAL mode serialises the writers, PostgreSQL its clients.
import { DEMO_STORES, demoCatalog } from '../catalog/demo-catalog.js';
import { storeSchema } from '../catalog/catalog.js';
import {
  ENROLMENT_CODE_DAYS,
  formatEnrolmentCode,
  newEnrolmentCode,
  normalizeEnrolmentCode,
  sha256,
} from './credentials.js';
import { openMasterStorage, type StorageLocation } from './pg-storage-selection.js';
import type { MasterStorage } from './storage.js';

/** A problem the operator can fix by typing something else; exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Print = (line: string) => void;

async function withStorage<T>(
  location: StorageLocation,
  work: (storage: MasterStorage) => Promise<T>,
) {
  const storage = await openMasterStorage(location);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

export function addStore(location: StorageLocation, storeId: string, name: string, print: Print) {
  const parsed = storeSchema.safeParse({ storeId, name });
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  return withStorage(location, async (storage) => {
    const existing = await storage.store(parsed.data.storeId);
    await storage.upsertStores([parsed.data]);
    print(
      existing
        ? `Store ${parsed.data.storeId} renamed from "${existing.name}" to "${parsed.data.name}".`
        : `Store ${parsed.data.storeId} ("${parsed.data.name}") added.`,
    );
  });
}

export function issueCode(
  location: StorageLocation,
  storeId: string,
  print: Print,
  now = new Date(),
) {
  return withStorage(location, async (storage) => {
    const store = await storage.store(storeId);
    if (!store) {
      throw new UsageError(`No store "${storeId}". Add it first: store add ${storeId} "<name>"`);
    }
    const code = newEnrolmentCode();
    const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_DAYS * 24 * 3600 * 1000);
    await storage.createEnrolmentCode({
      codeHash: sha256(normalizeEnrolmentCode(code)),
      storeId,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    print(`Enrolment code for ${store.name} (${store.storeId}): ${formatEnrolmentCode(code)}`);
    print(
      `Enter it once in the register's enrolment screen before ${expiresAt.toISOString()}. It is not stored and cannot be shown again.`,
    );
  });
}

export function listRegisters(location: StorageLocation, print: Print) {
  return withStorage(location, async (storage) => {
    const registers = await storage.registers();
    if (registers.length === 0) {
      print('No registers enrolled yet. Issue a code with: code <storeId>');
      return;
    }
    const rows = registers.map((register) => [
      register.registerId,
      register.storeId,
      register.name,
      register.revokedAt ? `revoked ${register.revokedAt}` : 'active',
      register.enrolledAt,
      String(register.origins.length),
    ]);
    const header = ['REGISTER', 'STORE', 'NAME', 'STATUS', 'ENROLLED', 'ORIGINS'];
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
    );
    for (const row of [header, ...rows]) {
      print(
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    }
  });
}

export function revokeRegister(
  location: StorageLocation,
  registerId: string,
  print: Print,
  now = new Date(),
) {
  return withStorage(location, async (storage) => {
    if (!(await storage.revokeRegister(registerId, now.toISOString()))) {
      throw new UsageError(`No register "${registerId}". List them with: registers`);
    }
    print(`Register ${registerId} revoked: its token is refused from now on.`);
  });
}

export function seedDemo(location: StorageLocation, print: Print) {
  return withStorage(location, async (storage) => {
    const titles = demoCatalog().map(({ stock: _stock, ...title }) => title);
    await storage.upsertStores(DEMO_STORES);
    await storage.upsertTitles(titles);
    print(
      `Loaded ${DEMO_STORES.length} demo stores (${DEMO_STORES.map((store) => store.storeId).join(', ')}) and ${titles.length} titles. Stock arrives as the registers push their events.`,
    );
  });
}
