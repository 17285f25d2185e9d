// A newcomer's first `npm start` has no chain to join, so the shell can run a master of its own
// (SQLite, the demo catalog) on loopback and enrol the register with it. Everything the shell
// needs from the master goes through this one function, so wiring the master server in is a
// change here and nowhere else.
import type { Logger } from 'pino';

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

/** Why there is no embedded master, when there is none; shown to the person who ran the shell. */
export const NO_EMBEDDED_MASTER_REASON =
  'the master server (createMasterServer in app/master) is not part of this build yet, so the register runs on its own in eventual mode with the demo catalog';

/**
 * Starts the embedded master, or resolves to undefined when this build has no master server.
 * The master server is being written (app/master); until it exports `createMasterServer`, the
 * register runs standalone and says so.
 */
export function startEmbeddedMaster(
  options: EmbeddedMasterOptions,
): Promise<EmbeddedMaster | undefined> {
  options.log.info(`No embedded master: ${NO_EMBEDDED_MASTER_REASON}.`);
  return Promise.resolve(undefined);
}
