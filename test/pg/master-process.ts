// A real `master serve` process on PostgreSQL, as an operator starts one behind a load balancer.
// Run as `node --import tsx` so a signal reaches the process that holds the connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface PgMasterProcess {
  child: ChildProcess;
  url: string;
  logs: string[];
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no handler runs, nothing is flushed; resolves once the process is gone. */
  kill(): Promise<void>;
}

export function startPgMasterProcess(databaseUrl: string): Promise<PgMasterProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'app/master/cli.ts', 'serve', '--database', databaseUrl, '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BOOKCASE_MASTER_PG_POOL_SIZE: '4' },
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logs: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => logs.push(chunk));
  return new Promise((resolve, reject) => {
    // Read every line, ready or not: a full pipe would stall the server.
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      logs.push(line);
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
        logs,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
    void exited.then((code) =>
      reject(new Error(`master exited before it was ready (${code}): ${logs.join('\n')}`)),
    );
  });
}
