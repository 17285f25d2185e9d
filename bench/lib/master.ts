// Starting a master in its own process and enrolling clients with it, as IT would.
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { MasterClient } from '../../app/sync/master-client.js';
import { Child } from './child.js';

const MASTER_SCRIPT = fileURLToPath(new URL('../servers/master.ts', import.meta.url));

export interface RunningMaster {
  url: string;
  child: Child<{ url: string }>;
  issueCode(storeId: string): Promise<string>;
  stop(): Promise<void>;
}

/** `--profile DIR` sets this: every master process then writes a V8 CPU profile there. */
export const profiling: { dir?: string } = {};

/** Where a bench master keeps the chain: a SQLite file, or a PostgreSQL URL (with its schema). */
export type MasterDatabase = { sqlite: string } | { postgres: string };

/** Starts a master in its own process; a bare string is a SQLite file. */
export async function startMaster(database: string | MasterDatabase): Promise<RunningMaster> {
  const nodeFlags = profiling.dir ? ['--cpu-prof', `--cpu-prof-dir=${profiling.dir}`] : [];
  const where = typeof database === 'string' ? { sqlite: database } : database;
  const args = 'postgres' in where ? ['--database', where.postgres] : [where.sqlite];
  const child = await Child.start<{ url: string }>(MASTER_SCRIPT, args, { nodeFlags });
  return {
    url: child.ready.url,
    child,
    issueCode: (storeId) => child.call<string>('issueCode', { storeId }),
    stop: () => child.stop(),
  };
}

export function newOriginId(): string {
  return randomBytes(16).toString('hex');
}

/** Enrols a register for `storeId` under `originId`: its client (token set) and its token. */
export async function enrolRegister(
  master: RunningMaster,
  storeId: string,
  originId: string,
  timeoutMs = 120_000,
): Promise<{ client: MasterClient; token: string }> {
  const client = new MasterClient({ url: master.url, timeoutMs });
  const answer = await client.enrol({
    code: await master.issueCode(storeId),
    originId,
    registerName: `Bench till ${originId.slice(0, 6)}`,
  });
  client.setToken(answer.token);
  return { client, token: answer.token };
}

export async function enrolledClient(
  master: RunningMaster,
  storeId: string,
  originId: string,
): Promise<MasterClient> {
  return (await enrolRegister(master, storeId, originId)).client;
}
