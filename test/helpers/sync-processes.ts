// Real processes for the crash tests: the master as an operator starts it (`cli.ts serve`, on a
// SQLite file or on PostgreSQL with `--database`), and the headless register CLI. Both run as
// `node --import tsx …` so a SIGKILL reaches the process that holds the database, not a wrapper.
import { spawn } from 'node:child_process';
import { DEMO_STORES } from '../../app/catalog/demo-catalog.js';
import { issueCode, type TestDatabase } from '../master/helpers.js';
import { ROOT, spawnMasterServe, type ServingMaster } from './master-serve.js';
import { demoTitles } from './sync-chain.js';

export { ROOT };
export type MasterProcess = ServingMaster;

/**
 * Fills the master database with the demo stores and titles and one enrolment code per entry of
 * `codesFor`, before any server runs. Returns the codes in the same order.
 */
export async function prepareMasterDatabase(
  database: TestDatabase,
  codesFor: string[],
): Promise<string[]> {
  const storage = await database.open();
  try {
    await storage.upsertStores(DEMO_STORES);
    await storage.upsertTitles(demoTitles());
    const codes: string[] = [];
    for (const storeId of codesFor) codes.push(await issueCode(storage, storeId));
    return codes;
  } finally {
    await storage.close();
  }
}

/**
 * Starts `master serve` on the database (its `--data`, and `--database` for PostgreSQL) on `port`
 * (0: any) and resolves once it logs that it is ready.
 */
export function startMasterProcess(database: TestDatabase, port = 0): Promise<MasterProcess> {
  // The database comes from the command line alone, whatever the developer's shell exports.
  const env = { ...process.env };
  delete env.BOOKCASE_MASTER_DATABASE_URL;
  return spawnMasterServe([...database.cliArgs, '--port', String(port)], env);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with all of stderr so far after each chunk; true sends SIGKILL. */
  killWhen?: (stderr: string) => boolean;
}

/** Runs `npm run register -- <args>` the way npm would (tsx), capturing its output. */
export function runRegisterCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/cli/register.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: CliRun = { code: null, signal: null, stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (run.stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      run.stderr += chunk;
      if (options.killWhen?.(run.stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    });
  });
}

/** The last `push n/m` or `pull n/m` progress the register CLI wrote to stderr. */
export function lastProgress(
  stderr: string,
  phase: 'push' | 'pull',
): { done: number; total: number } | undefined {
  const matches = [...stderr.matchAll(new RegExp(`${phase}\\s+(\\d+)/(\\d+) events`, 'g'))];
  const last = matches.at(-1);
  return last ? { done: Number(last[1]), total: Number(last[2]) } : undefined;
}
