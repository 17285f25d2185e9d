// `master serve`: the long-running process. On SIGTERM/SIGINT it stops taking requests, lets those
// in flight finish (each answers only after its group commit), writes anything still queued, and
// closes the database, so no acknowledged event is lost and systemd sees a clean exit.
import { pino, type Level } from 'pino';
import {
  describeLocation,
  openMasterStorage,
  type StorageLocation,
} from './pg-storage-selection.js';
import { createMasterServer } from './server.js';

export interface ServeOptions extends StorageLocation {
  port: number;
  host: string;
  logLevel: Level;
  trustProxy: boolean;
  /** The registers' update feed: DIR/<channel>/latest*.yml and installers (docs/packaging.md). */
  updatesDir?: string;
}

/** In-flight requests get this long to finish before their connections are cut. */
const DRAIN_TIMEOUT_MS = 10_000;

function nextShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals): void => resolveSignal(signal);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export async function serve(options: ServeOptions): Promise<void> {
  const logger = pino({ level: options.logLevel, base: { service: 'bookcase-master' } });
  const storage = await openMasterStorage({
    ...options,
    // A migration can take seconds on a large log; the operator sees why the master is not up yet.
    onMigration: (step) =>
      logger.info({ schema: step.version, migration: step.name }, 'upgrading the master database'),
  });
  const app = createMasterServer({
    storage,
    logger,
    trustProxy: options.trustProxy,
    ...(options.updatesDir ? { updatesDir: options.updatesDir } : {}),
  });
  // Registered before listen so a signal during start-up still shuts down cleanly.
  const signal = nextShutdownSignal();
  try {
    const url = await app.listen({ port: options.port, host: options.host });
    logger.info(
      { url, ...describeLocation(options), updatesDir: options.updatesDir },
      'master ready',
    );
  } catch (error) {
    await app.close();
    await storage.close();
    throw error;
  }

  const received = await signal;
  logger.info(
    { signal: received },
    'shutting down: refusing new requests, finishing those in flight',
  );
  const cutOff = setTimeout(() => {
    logger.warn({ afterMs: DRAIN_TIMEOUT_MS }, 'drain timeout: closing connections still open');
    app.server.closeAllConnections();
  }, DRAIN_TIMEOUT_MS);
  cutOff.unref();
  await app.close();
  clearTimeout(cutOff);
  await storage.close();
  logger.info(
    { commits: storage.stats().commits },
    'master stopped; every acknowledged event is on disk',
  );
}
