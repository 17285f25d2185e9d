// `master serve` as a real process, as an operator starts it, for the crash and kill tests. Run as
// `node --import tsx` so a signal reaches the process that holds the database, not a wrapper.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServingMaster {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process wrote, stdout and stderr. */
  output: string[];
  /** SIGKILL: no handler runs, nothing is flushed; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, the clean way; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `cli.ts serve <args>` and resolves once it logs that it is ready. */
export function spawnMasterServe(args: string[], env: NodeJS.ProcessEnv): Promise<ServingMaster> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'app/master/cli.ts', 'serve', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Small pools: master processes of several tests share one test cluster.
      env: { ...env, BOOKCASE_MASTER_PG_POOL_SIZE: '4' },
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  return new Promise((resolve, reject) => {
    // Read every line, ready or not: a full pipe would stall the server.
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(line);
      let entry: { msg?: string; url?: string };
      try {
        entry = JSON.parse(line) as { msg?: string; url?: string };
      } catch {
        return;
      }
      if (entry.msg !== 'master ready' || !entry.url) return;
      resolve({
        child,
        url: entry.url,
        port: Number(new URL(entry.url).port),
        output,
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) =>
      reject(new Error(`master exited before it was ready (${code}): ${output.join('\n')}`)),
    );
  });
}
