// The first launch on a machine with no configuration: a register a newcomer can use at once.
// It starts an embedded master (SQLite, the demo catalog) on loopback, enrols the demo store's
// register with it, and gives the master a neighbouring store's shelf too, so "available at
// Riverside" has something to say. Later launches open the same ledger and restart the same
// embedded master on the same port.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { seedDemo } from '../catalog/seed-demo.js';
import { upgradeLedgerFile, type UpgradeProgress } from '../ledger/ledger-upgrade.js';
import { seedDemoStaff } from '../staff/demo-staff.js';
import { StaffStore } from '../staff/staff-store.js';
import { Register } from '../register/register.js';
import { startEmbeddedMaster, type EmbeddedMaster } from './embedded-master.js';
import { readStoreFile } from './store-file.js';

export const DEMO_STORE_ID = 'uptown';
export const DEMO_REGISTER_NAME = 'Counter 1';
const NEIGHBOUR_STORE_ID = 'riverside';

const shellConfigSchema = z.object({
  embeddedMaster: z.object({ port: z.number().int().min(1).max(65_535) }).optional(),
});
type ShellConfig = z.infer<typeof shellConfigSchema>;

const configPath = (dataDir: string) => join(dataDir, 'shell.json');
const masterDir = (dataDir: string) => join(dataDir, 'master');

function readConfig(dataDir: string): ShellConfig {
  const path = configPath(dataDir);
  if (!existsSync(path)) return {};
  const parsed = shellConfigSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is damaged: ${parsed.error.message}`);
  return parsed.data;
}

export interface PreparedRegister {
  register: Register;
  master: EmbeddedMaster | undefined;
  firstRun: boolean;
}

export interface PrepareOptions {
  dataDir: string;
  nativeBinding?: string;
  log: Logger;
  /** First run only: whether to start an embedded master (tests of the standalone path say no). */
  embeddedMaster?: boolean;
  /**
   * A store's installer identity (resources/store.json in a packaged app). When present on first
   * run, the register belongs to that store and waits to be enrolled with its master; no demo.
   */
  storeFile?: string;
  /** A ledger from an earlier version is upgraded before it opens: how far that has got. */
  onUpgrade?: (progress: UpgradeProgress) => void;
}

export async function prepareRegister(options: PrepareOptions): Promise<PreparedRegister> {
  const { dataDir, log } = options;
  const ledgerFile = join(dataDir, 'ledger.db');
  const firstRun = !existsSync(ledgerFile);
  if (!firstRun) {
    const upgraded = await upgradeLedgerFile({
      path: ledgerFile,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      onProgress: (progress) => options.onUpgrade?.(progress),
    });
    if (upgraded)
      log.info(upgraded, `Upgraded the ledger from schema ${upgraded.from} to ${upgraded.to}`);
  }
  const store =
    firstRun && options.storeFile && existsSync(options.storeFile)
      ? readStoreFile(options.storeFile)
      : undefined;
  const register = Register.open({
    dataDir,
    ...(firstRun ? { storeId: store?.storeId ?? DEMO_STORE_ID } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (!firstRun) {
      const { embeddedMaster } = readConfig(dataDir);
      const master = embeddedMaster
        ? await restartMaster(dataDir, embeddedMaster.port, log)
        : undefined;
      return { register, master, firstRun };
    }
    if (store) {
      // The installer names the store and its master; the code to enrol comes from IT.
      register.setMode(store.defaultMode);
      if (store.nightlyAt) register.setNightlyAt(store.nightlyAt);
      register.ledger.settings.set('master_url', store.masterUrl);
      log.info(
        `First run for ${store.storeName} (${store.storeId}): enrol this register with a code from ${store.masterUrl}`,
      );
      return { register, master: undefined, firstRun };
    }
    const seeded = seedDemo(register.ledger);
    register.ledger.settings.set('register_name', DEMO_REGISTER_NAME);
    await seedDemoStaff(new StaffStore(register.ledger));
    log.info(
      `First run: a demo register for ${DEMO_STORE_ID} with ${seeded.titles} titles and ${seeded.copies} copies on the shelf, in ${dataDir}`,
    );
    if (options.embeddedMaster === false) return { register, master: undefined, firstRun };
    const master = await startEmbeddedMaster({ dir: masterDir(dataDir), port: 0, log });
    try {
      await register.enrol({
        masterUrl: master.url,
        code: await master.enrolmentCode(DEMO_STORE_ID),
        registerName: DEMO_REGISTER_NAME,
      });
      await seedNeighbour(master, options);
      await register.syncNow();
      const port = Number(new URL(master.url).port);
      writeFileSync(configPath(dataDir), JSON.stringify({ embeddedMaster: { port } }, null, 2));
      log.info(`Enrolled with an embedded master at ${master.url} (data in ${masterDir(dataDir)})`);
      return { register, master, firstRun };
    } catch (error) {
      await master.close();
      throw error;
    }
  } catch (error) {
    await register.close();
    throw error;
  }
}

/** The demo's other store: its register enrols, pushes its opening stock, and is closed. */
async function seedNeighbour(master: EmbeddedMaster, options: PrepareOptions): Promise<void> {
  const neighbour = Register.open({
    dataDir: join(masterDir(options.dataDir), `demo-${NEIGHBOUR_STORE_ID}`),
    storeId: NEIGHBOUR_STORE_ID,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    seedDemo(neighbour.ledger);
    await neighbour.enrol({
      masterUrl: master.url,
      code: await master.enrolmentCode(NEIGHBOUR_STORE_ID),
      registerName: `${NEIGHBOUR_STORE_ID} demo`,
    });
    await neighbour.syncNow();
  } finally {
    await neighbour.close();
  }
}

async function restartMaster(
  dataDir: string,
  port: number,
  log: Logger,
): Promise<EmbeddedMaster | undefined> {
  try {
    return await startEmbeddedMaster({ dir: masterDir(dataDir), port, log });
  } catch (error) {
    // The register still sells: its sales wait in the outbox until the master is back.
    log.warn(
      { err: error },
      `The embedded master could not start on port ${port}; the register works on without it`,
    );
    return undefined;
  }
}
