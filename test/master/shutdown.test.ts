// The real CLI process: started as an operator would, signalled mid-traffic, then its database is
// reopened to check that every acknowledged event is there.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../app/master/cli-program.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  ISBN_A,
  OriginWriter,
  call,
  createTestDatabase,
  describeEachStorage,
  newOriginId,
  type TestDatabase,
} from './helpers.js';

const PUSHES = 30;

describeEachStorage('master serve shutdown', (kind) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await database.dispose();
  });

  async function operator(...args: string[]): Promise<string> {
    const out: string[] = [];
    const status = await runCli(
      [...args, ...database.cliArgs],
      (line) => out.push(line),
      () => {},
    );
    expect(status).toBe(0);
    return out.join('\n');
  }

  interface Running {
    child: ChildProcess;
    url: string;
    logs: string[];
    /** Resolves once every process holding the log pipe has exited. */
    closed: Promise<void>;
  }

  async function startServe(command: string, args: string[], detached: boolean): Promise<Running> {
    const child = spawn(command, [...args, 'serve', ...database.cliArgs, '--port', '0'], {
      cwd: join(import.meta.dirname, '..', '..'),
      detached,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const logs: string[] = [];
    const closed = new Promise<void>((resolve) => child.stdout?.on('close', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'master ready' && entry.url) resolve(entry.url);
        } catch {
          // npm's own banner lines are not JSON.
        }
      });
      child.on('exit', (code) =>
        reject(new Error(`serve exited early (${code}): ${logs.join('\n')}`)),
      );
    });
    return { child, url, logs, closed };
  }

  async function enrolWithOrigins(url: string, count: number) {
    await operator('store', 'add', 'uptown', 'Uptown');
    const code = /: ([A-Z2-7-]{11})$/m.exec(await operator('code', 'uptown'))?.[1];
    const origins = Array.from({ length: count }, () => newOriginId());
    const [first, ...rest] = origins;
    const enrolled = await call({ url }, 'POST', '/v1/enrol', {
      code,
      originId: first,
      registerName: 'Till',
    });
    expect(enrolled.status).toBe(200);
    const { token } = enrolled.body as { token: string };
    for (const originId of rest) {
      expect((await call({ url }, 'POST', '/v1/origins', { originId }, { token })).status).toBe(
        200,
      );
    }
    return { token, writers: origins.map((originId) => new OriginWriter(originId, 'uptown')) };
  }

  /** Fires one push per writer and signals the server as soon as the first is acknowledged. */
  async function pushThroughShutdown(
    url: string,
    token: string,
    writers: OriginWriter[],
    stop: () => void,
  ) {
    let signalled = false;
    const attempts = writers.map(async (writer) => {
      const events = [writer.delivery(ISBN_A, 2), writer.sale(ISBN_A, 1)];
      try {
        const reply = await call({ url }, 'POST', '/v1/events', { events }, { token });
        if (reply.status === 200 && !signalled) {
          signalled = true;
          stop();
        }
        return { events, acknowledged: reply.status === 200 };
      } catch {
        return { events, acknowledged: false };
      }
    });
    const results = await Promise.all(attempts);
    if (!signalled) stop();
    return results;
  }

  function expectCleanStop(logs: string[]): void {
    const text = logs.join('\n');
    expect(text).toContain('every acknowledged event is on disk');
    // In-flight requests finished on their own; none had to be cut off.
    expect(text).not.toContain('drain timeout');
  }

  async function expectDurable(results: { events: LedgerEvent[]; acknowledged: boolean }[]) {
    const acknowledged = results.filter((result) => result.acknowledged).flatMap((r) => r.events);
    expect(acknowledged.length).toBeGreaterThan(0);
    const storage = await database.open();
    try {
      const held = (await storage.feed(0, 5_000)).entries.map((entry) => entry.event);
      for (const event of acknowledged) expect(held).toContainEqual(event);
    } finally {
      await storage.close();
    }
  }

  describe('stopping', () => {
    it('exits 0 on SIGTERM to the master process, keeping every acknowledged event', async () => {
      // What a service manager running `node --import tsx app/master/cli.ts serve` does.
      const running = await startServe(
        process.execPath,
        ['--import', 'tsx', 'app/master/cli.ts'],
        false,
      );
      const { token, writers } = await enrolWithOrigins(running.url, PUSHES);
      const exited = new Promise<number | null>((resolve) => running.child.on('exit', resolve));
      const results = await pushThroughShutdown(running.url, token, writers, () =>
        running.child.kill('SIGTERM'),
      );
      expect(await exited).toBe(0);
      await running.closed;
      expectCleanStop(running.logs);
      await expectDurable(results);
    });

    // The wrappers' signal relays are the same whatever the storage: checked once, on SQLite.
    if (kind !== 'sqlite') return;
    it('exits 0 on SIGTERM after answering what it took in, keeping every acknowledged event', async () => {
      const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
      // tsx itself relays the signal to the server and exits with its status.
      const running = await startServe(tsx, ['app/master/cli.ts'], false);
      const { token, writers } = await enrolWithOrigins(running.url, PUSHES);
      const exited = new Promise<number | null>((resolve) => running.child.on('exit', resolve));
      const results = await pushThroughShutdown(running.url, token, writers, () =>
        running.child.kill('SIGTERM'),
      );
      expect(await exited).toBe(0);
      await running.closed;
      expectCleanStop(running.logs);
      await expectDurable(results);
    });

    it('shuts down cleanly when `npx tsx` is stopped the way a terminal or systemd stops it', async () => {
      // npm exec does not forward signals to its child; Ctrl-C and systemd signal the whole
      // process group, which is what this does.
      const running = await startServe('npx', ['tsx', 'app/master/cli.ts'], true);
      const { token, writers } = await enrolWithOrigins(running.url, PUSHES);
      const pid = running.child.pid;
      if (pid === undefined) throw new Error('no pid');
      const results = await pushThroughShutdown(running.url, token, writers, () =>
        process.kill(-pid, 'SIGTERM'),
      );
      await running.closed;
      expectCleanStop(running.logs);
      await expectDurable(results);
    });
  });
});
