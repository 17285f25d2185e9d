// A helper process (the master, a trivial HTTP server, a peer) driven over Node's IPC channel:
// the parent calls named methods, the child answers. Servers live in their own processes so the
// client being measured and the server share no event loop, as on real machines.
import { fork, type ChildProcess } from 'node:child_process';

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

interface Ready {
  type: 'ready';
  value: unknown;
}

export interface ChildOptions {
  /** Run a TypeScript file through tsx (the default), or a plain JavaScript file. */
  typescript?: boolean;
  cwd?: string;
  /** Extra node flags, e.g. --cpu-prof for profiling. */
  nodeFlags?: string[];
}

export class Child<R = unknown> {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private exited = false;

  private constructor(
    private readonly process: ChildProcess,
    readonly ready: R,
  ) {
    process.on('message', (message: Reply) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error ?? 'child call failed'));
    });
    process.on('exit', (code) => {
      this.exited = true;
      for (const waiter of this.waiting.values()) {
        waiter.reject(new Error(`child exited with code ${String(code)}`));
      }
      this.waiting.clear();
    });
  }

  static start<R>(script: string, args: string[], options: ChildOptions = {}): Promise<Child<R>> {
    const execArgv = [
      ...(options.typescript === false ? [] : ['--import', 'tsx']),
      ...(options.nodeFlags ?? []),
    ];
    const child = fork(script, args, {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`${script} exited with code ${String(code)} before it was ready`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.once('message', (message: Ready) => {
        child.off('exit', onExit);
        child.off('error', reject);
        resolve(new Child<R>(child, message.value as R));
      });
    });
  }

  call<T>(method: string, params: unknown = {}): Promise<T> {
    if (this.exited) return Promise.reject(new Error('child has exited'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process.send({ id, method, params });
    });
  }

  /** Asks the child to close cleanly, then makes sure it is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    const timeout = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
    try {
      await Promise.race([this.call('close'), timeout(30_000)]);
    } catch {
      // It may exit before answering; the kill below covers a child that hangs.
    }
    // A clean exit lets a profiled child write its profile; one that hangs is killed.
    await Promise.race([gone, timeout(15_000)]);
    if (!this.exited) this.process.kill('SIGKILL');
    await gone;
  }
}
