// A TCP proxy on loopback that injects the network faults a register meets in a real shop:
// a request lost on the way, a connection reset before or after the master committed, a slow
// link, a reply cut short. Faults are queued and each applies to one HTTP exchange.
import net from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'reset-before' }
  | { kind: 'reset-after-commit' }
  | { kind: 'delay'; ms: number }
  | { kind: 'truncate' };

export class FaultProxy {
  private readonly server: net.Server;
  private readonly queue: Fault[] = [];
  private fallback: Fault = { kind: 'pass' };
  private readonly sockets = new Set<net.Socket>();
  /** Every fault applied so far, in order. */
  readonly applied: Fault['kind'][] = [];
  port = 0;

  constructor(
    private readonly upstreamPort: number,
    private readonly upstreamHost = '127.0.0.1',
  ) {
    this.server = net.createServer((client) => this.handle(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next exchanges get these faults, one each; exchanges beyond the queue get the default. */
  inject(...faults: Fault[]): void {
    this.queue.push(...faults);
  }

  /** The fault of every exchange beyond the queue (initially none: they pass). */
  setDefault(fault: Fault): void {
    this.fallback = fault;
  }

  /** Forgets faults not yet applied, so one scenario's leftovers cannot hit the next. */
  clearQueue(): void {
    this.queue.length = 0;
  }

  /** Resets every open connection (the master "goes away"). */
  cutAll(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(client: net.Socket): void {
    this.sockets.add(client);
    const upstream = net.connect(this.upstreamPort, this.upstreamHost);
    this.sockets.add(upstream);
    let fault: Fault | undefined; // the fault of the exchange in progress
    let awaitingResponse = false;
    const pendingToUpstream: Buffer[] = [];
    let upstreamReady = false;

    const closeBoth = (reset: boolean) => {
      if (reset) client.resetAndDestroy();
      else client.destroy();
      upstream.destroy();
    };
    const toUpstream = (chunk: Buffer) => {
      if (upstreamReady) upstream.write(chunk);
      else pendingToUpstream.push(chunk);
    };

    upstream.on('connect', () => {
      upstreamReady = true;
      for (const chunk of pendingToUpstream.splice(0)) upstream.write(chunk);
    });

    client.on('data', (chunk) => {
      if (!awaitingResponse) {
        // First bytes of a new request on this connection: it takes the next fault.
        fault = this.queue.shift() ?? this.fallback;
        this.applied.push(fault.kind);
        awaitingResponse = true;
      }
      switch (fault?.kind) {
        case 'drop':
          return; // swallowed: the client hears nothing until its own timeout
        case 'reset-before':
          closeBoth(true);
          return;
        case 'delay': {
          client.pause();
          setTimeout(() => {
            toUpstream(chunk);
            client.resume();
          }, fault.ms);
          return;
        }
        default:
          toUpstream(chunk);
      }
    });

    upstream.on('data', (chunk) => {
      awaitingResponse = false;
      switch (fault?.kind) {
        case 'reset-after-commit':
          // The master has answered, so it committed; the register never hears it.
          closeBoth(true);
          return;
        case 'truncate':
          client.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))));
          closeBoth(false);
          return;
        default:
          client.write(chunk);
      }
    });

    const forget = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.resetAndDestroy());
    client.on('close', () => {
      upstream.destroy();
      forget();
    });
    upstream.on('close', () => {
      client.destroy();
      forget();
    });
  }
}
