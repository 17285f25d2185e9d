// A newcomer's first `npm start` has no chain to join, so the shell runs a master of its own on
// loopback (SQLite in the register's data folder, the demo stores and catalog) and enrols the
// register with it. Everything the shell needs from the master goes through this file.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { DEMO_STORES, demoCatalog } from '../catalog/demo-catalog.js';
import {
  ENROLMENT_CODE_DAYS,
  formatEnrolmentCode,
  newEnrolmentCode,
  normalizeEnrolmentCode,
  sha256,
} from '../master/credentials.js';
import { createMasterServer } from '../master/server.js';
import { SqliteMasterStorage } from '../master/sqlite-storage.js';

export interface EmbeddedMaster {
  /** Where the register reaches it, e.g. http://127.0.0.1:4871 */
  url: string;
  /** A one-time code that enrols a register for `storeId`. */
  enrolmentCode(storeId: string): Promise<string>;
  close(): Promise<void>;
}

export interface EmbeddedMasterOptions {
  /** The master's own data folder (inside the register's). */
  dir: string;
  /** 0 picks a free port; later launches reuse the first one, which the register has saved. */
  port: number;
  log: Logger;
}

export async function startEmbeddedMaster(options: EmbeddedMasterOptions): Promise<EmbeddedMaster> {
  mkdirSync(options.dir, { recursive: true });
  const storage = SqliteMasterStorage.open({ path: join(options.dir, 'master.db') });
  try {
    // Idempotent: the demo chain's stores and titles, whatever the master already holds.
    await storage.upsertStores(DEMO_STORES);
    await storage.upsertTitles(demoCatalog().map(({ stock: _stock, ...title }) => title));
    const app = createMasterServer({ storage });
    try {
      // Loopback only: this master serves the registers of this machine, nobody else.
      await app.listen({ host: '127.0.0.1', port: options.port });
    } catch (error) {
      await app.close();
      throw error;
    }
    const { port } = app.server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      async enrolmentCode(storeId) {
        const code = newEnrolmentCode();
        const now = new Date();
        await storage.createEnrolmentCode({
          codeHash: sha256(normalizeEnrolmentCode(code)),
          storeId,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + ENROLMENT_CODE_DAYS * 86_400_000).toISOString(),
        });
        return formatEnrolmentCode(code);
      },
      async close() {
        await app.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
