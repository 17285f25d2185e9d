// Everything a shell runs besides its window: the register core (which runs the nightly batch
// on its schedule), the API handlers over it and a watch on the master for the status bar. The
// Electron main process and the browser shell host both start exactly this.
import type { Logger } from 'pino';
import type { UpgradeProgress } from '../ledger/ledger-upgrade.js';
import type { Register } from '../register/register.js';
import { staffPolicyOf } from '../staff/staff-policy.js';
import { StaffSession } from '../staff/staff-session.js';
import { StaffStore } from '../staff/staff-store.js';
import { createApiHandlers, statusOf, type ApiHandlers } from './api-handlers.js';
import type { EmbeddedMaster } from './embedded-master.js';
import { prepareRegister } from './first-run.js';
import { RegisterEvents } from './register-events.js';

export interface RegisterRuntime {
  register: Register;
  handlers: ApiHandlers;
  events: RegisterEvents;
  /** Who is signed in: both shells pass it with every call (api-dispatch.ts). */
  session: StaffSession;
  staff: StaffStore;
  master: EmbeddedMaster | undefined;
  firstRun: boolean;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  dataDir: string;
  nativeBinding?: string;
  log: Logger;
  /** How often to ask the master whether it is there (0: never). */
  masterCheckMs?: number;
  /** First run only: start an embedded master (default) or run standalone. */
  embeddedMaster?: boolean;
  /** A packaged store installer's identity file (see first-run.ts). */
  storeFile?: string;
  /** Where the page hears what happens; the shell makes it before the register opens. */
  events?: RegisterEvents;
  /** How far the upgrade of a ledger from an earlier version has got (see ledger-upgrade.ts). */
  onUpgrade?: (progress: UpgradeProgress) => void;
}

export async function openRegisterRuntime(options: RuntimeOptions): Promise<RegisterRuntime> {
  const { register, master, firstRun } = await prepareRegister(options);
  const events = options.events ?? new RegisterEvents();
  const staff = new StaffStore(register.ledger);
  const session = new StaffSession({
    store: staff,
    idleLockMinutes: () => staffPolicyOf(register.ledger.settings).idleLockMinutes,
    onChange: (view) => events.emit({ type: 'session', session: view }),
  });
  // The lock reaches the page even when nobody touches the register.
  const idleWatch = setInterval(() => session.checkIdle(), 5_000);
  idleWatch.unref();
  const handlers = createApiHandlers(register, events, { session, staff });
  // The register re-arms its nightly batch itself when the schedule changes (setNightlyAt).
  register.startNightly((error) =>
    options.log.warn({ err: error }, 'The nightly batch did not finish'),
  );

  let lastReachable = register.status().masterReachable;
  const checkMaster = async () => {
    const reachable = await register.checkMaster();
    if (reachable !== null && reachable !== lastReachable) {
      events.emit({ type: 'status', status: statusOf(register) });
    }
    lastReachable = reachable;
  };
  const masterCheckMs = options.masterCheckMs ?? 30_000;
  const watch =
    masterCheckMs > 0 ? setInterval(() => void checkMaster(), masterCheckMs) : undefined;
  watch?.unref();
  void checkMaster();

  return {
    register,
    handlers,
    events,
    session,
    staff,
    master,
    firstRun,
    async close() {
      clearInterval(watch);
      clearInterval(idleWatch);
      await register.close();
      await master?.close();
    },
  };
}
