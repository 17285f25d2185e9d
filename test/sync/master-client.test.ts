// The register's HTTP client against a master that never answers: every request ends at its
// deadline as "unreachable" (so the caller may retry), even one still waiting for a connection,
// and a request whose deadline passed before it got a connection is never sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { MasterClient, MasterUnreachableError } from '../../app/sync/master-client.js';

let server: Server | undefined;
let client: MasterClient | undefined;

afterEach(async () => {
  await client?.close().catch(() => undefined);
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  client = undefined;
  server = undefined;
});

async function silentMaster(): Promise<{ url: string; received: () => number }> {
  let received = 0;
  server = createServer(() => {
    received += 1; // and never answers
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received: () => received };
}

describe('MasterClient deadlines', () => {
  it('gives up on every request at its deadline, including those queued for a connection', async () => {
    const master = await silentMaster();
    const impatient = new MasterClient({ url: master.url, token: 'unused', timeoutMs: 150 });
    client = impatient;
    // The client keeps 4 connections: two requests wait for one that never frees up in time.
    const attempts = Array.from({ length: 6 }, () => impatient.health());
    const outcomes = await Promise.allSettled(attempts);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(MasterUnreachableError);
      expect(error.message).toMatch(/timeout/);
    }
    // The queued ones, started once the first were given up, are aborted before being sent.
    await sleep(300);
    expect(master.received()).toBe(4);
  });
});
