// The most requests a second that many clients get from an HTTP server that does nothing, on the
// same loopback and the same cores as section 3: each register there sends one request a sale, so
// no master, however it commits, confirms more sales a second than this on this machine.
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { Child } from './child.js';
import { nowMs, ownCpuUs } from './stats.js';

const TRIVIAL_HTTP = fileURLToPath(new URL('../servers/trivial-http.ts', import.meta.url));

/** About a sale request's size: the event, its receipt id and the register's headers. */
const BODY = JSON.stringify({ events: [{ padding: 'x'.repeat(480) }] });

export interface HttpLoad {
  perSecond: number;
  /** CPU per request, µs: the server's process, the clients' process. */
  serverCpuUs: number;
  clientsCpuUs: number;
}

/**
 * Requests a second from `clients` closed-loop clients (each its own undici Pool, as each register
 * has its own MasterClient) to the trivial server in its own process, over `seconds`.
 */
export async function trivialHttpLoad(clients: number, seconds: number): Promise<HttpLoad> {
  const server = await Child.start<{ url: string }>(TRIVIAL_HTTP, []);
  const pools = Array.from({ length: clients }, () => new Pool(server.ready.url));
  try {
    const send = async (pool: Pool) => {
      const response = await pool.request({
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/json' },
        body: BODY,
      });
      await response.body.text();
    };
    // Connections opened and warm before the clock starts.
    await Promise.all(pools.map(send));
    let done = 0;
    const serverBefore = await server.call<number>('cpu');
    const clientsBefore = ownCpuUs();
    const start = nowMs();
    const end = start + seconds * 1000;
    await Promise.all(
      pools.map(async (pool) => {
        while (nowMs() < end) {
          await send(pool);
          done += 1;
        }
      }),
    );
    const perSecond = done / ((nowMs() - start) / 1000);
    const clientsCpuUs = (ownCpuUs() - clientsBefore) / done;
    const serverCpuUs = ((await server.call<number>('cpu')) - serverBefore) / done;
    return { perSecond, serverCpuUs, clientsCpuUs };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await server.stop();
  }
}
