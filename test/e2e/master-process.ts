// A master the end-to-end test can stop and start again mid-shift. The demo chain is set up as on
// a first run (the register enrolled, the neighbour's shelf on the master), then its embedded
// master is moved out of the browser shell into a process of its own on the same port, where
// the register already looks for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { prepareRegister } from '../../app/shell/first-run.js';

export interface StoppableMaster {
  url: string;
  /** Stops the master process (SIGTERM: it drains, then exits); the register sees it gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and database; resolves once it answers /v1/health. */
  start(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function demoChainWithMasterProcess(dataDir: string): Promise<StoppableMaster> {
  const prepared = await prepareRegister({ dataDir, log: pino({ level: 'silent' }) });
  const { master } = prepared;
  await prepared.register.close();
  if (!master) throw new Error('the first run started no embedded master');
  const url = master.url;
  await master.close();
  // No embedded master for the shell to restart: the process below is the chain's master.
  writeFileSync(join(dataDir, 'shell.json'), '{}');

  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'app/master/cli.ts',
        'serve',
        '--data',
        join(dataDir, 'master'),
        '--port',
        new URL(url).port,
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await answersHealth(url))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the master process did not start on ${url}:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url, start, stop };
}
