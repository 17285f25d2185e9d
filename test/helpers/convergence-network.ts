// The master as the convergence simulation reaches it: a real SqliteMasterStorage behind an
// in-process MasterApi that does what the HTTP routes do (token lookup, request validation,
// authorisation, append / feed / repairView / digests, refuseNegativeStock for strong sales, the wire's
// error mapping, a JSON round trip and the client's reply validation) and injects network faults.
import type { z } from 'zod';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import { toHttpError } from '../../app/master/error-mapping.js';
import { badRequest, forbidden, unauthenticated } from '../../app/master/http-errors.js';
import { authorizeEvents } from '../../app/master/routes/append-events.js';
import { DEFAULT_BODY_LIMIT } from '../../app/master/server.js';
import type { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { RegisterRecord } from '../../app/master/storage.js';
import { checkedResponse, parseRequest } from '../../app/master/validation.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  MAX_EVENTS_PER_PAGE,
  digestParamsSchema,
  digestResponseSchema,
  feedQuerySchema,
  feedResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  repairRequestSchema,
  repairResponseSchema,
  saleRequestSchema,
  saleResponseSchema,
  type DigestResponse,
  type FeedResponse,
  type FeedSkip,
  type PushResponse,
  type RepairRequest,
  type RepairResponse,
  type SaleResponse,
} from '../../app/protocol/wire.js';
import {
  MasterRejectedError,
  MasterUnreachableError,
  type MasterApi,
} from '../../app/sync/master-client.js';

/** What happens to one request on its way to the master and back. */
export const FAULTS = [
  'ok',
  'drop', // never reaches the master
  'lost-reply', // the master commits; the answer never arrives
  'duplicate', // delivered twice at once (both land in one group commit)
  'late-copy', // delivered now, and a copy again later
  'late-only', // held up in the network: the caller times out, the master gets it later
  'crash-before-send', // the register dies as it sends
  'crash-after-commit', // the master commits; the register dies before reading the answer
] as const;
export type Fault = (typeof FAULTS)[number];

/** A register process dying. Whatever it had not committed is gone; the simulation restarts it. */
export class SimCrash extends Error {
  override name = 'SimCrash';
}

/** Deliberate master bugs, for the self-test that proves the property can fail. */
export type MasterLie = 'none' | 'ack-unstored' | 'skip-feed-entry';

/** What a link needs to know about the register at its end. */
export interface Endpoint {
  readonly name: string;
  /** True once the register process has died (until the simulation restarts it). */
  isDown(): boolean;
  /** Cut off from the master by a partition. */
  isPartitioned(): boolean;
  /** Kills the register process; returns the error to throw in its place. */
  crash(where: string): SimCrash;
}

export interface NetworkStats {
  requests: number;
  faults: Record<Fault, number>;
  partitioned: number;
  lateDelivered: number;
  /** Refusals by wire error code: GAP or CONFLICT would mean a checkpoint ran ahead. */
  refusals: Record<string, number>;
  /** 5xx answers other than injected faults: master bugs. */
  internalErrors: string[];
}

interface Late {
  from: string;
  what: string;
  deliver: () => Promise<unknown>;
}

export class SimNetwork {
  readonly stats: NetworkStats = {
    requests: 0,
    faults: Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Record<Fault, number>,
    partitioned: 0,
    lateDelivered: 0,
    refusals: {},
    internalErrors: [],
  };
  /** Off once the faults heal: every request is then delivered once and answered. */
  faultsOn = true;
  private cursor = 0;
  private late: Late[] = [];

  constructor(
    readonly storage: SqliteMasterStorage,
    private readonly faults: readonly Fault[],
    readonly lie: MasterLie = 'none',
  ) {}

  nextFault(): Fault {
    if (!this.faultsOn) return 'ok';
    const fault = this.faults[this.cursor] ?? 'ok';
    this.cursor += 1;
    return fault;
  }

  hold(late: Late): void {
    this.late.push(late);
  }

  get lateCount(): number {
    return this.late.length;
  }

  /** Lets one held-up request reach the master now; its answer goes nowhere. */
  async deliverLate(pick: number): Promise<void> {
    if (this.late.length === 0) return;
    const [late] = this.late.splice(pick % this.late.length, 1);
    if (!late) return;
    this.stats.lateDelivered += 1;
    await late.deliver().catch(() => undefined);
  }

  async deliverAllLate(): Promise<void> {
    while (this.late.length > 0) await this.deliverLate(0);
  }

  noteRefusal(code: string): void {
    this.stats.refusals[code] = (this.stats.refusals[code] ?? 0) + 1;
  }
}

/** A JSON round trip: nothing is shared between the register and the master but bytes. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class SimLink implements MasterApi {
  constructor(
    private readonly net: SimNetwork,
    private readonly endpoint: Endpoint,
    private readonly tokenHash: Buffer,
  ) {}

  push(events: readonly LedgerEvent[]): Promise<PushResponse> {
    const body = wire({ events });
    return this.send('push', pushResponseSchema, async () => {
      const caller = await this.caller();
      const request = parseRequest(pushRequestSchema, 'body', body);
      authorizeEvents(caller, request.events);
      if (this.net.lie === 'ack-unstored') return this.lieAboutHeld(request.events);
      const result = await this.net.storage.append({ events: request.events });
      return checkedResponse(pushResponseSchema, {
        accepted: result.accepted,
        duplicates: result.duplicates,
        held: result.held,
        headSeq: result.headSeq,
      });
    });
  }

  sale(receiptId: string, events: readonly LedgerEvent[]): Promise<SaleResponse> {
    const body = wire({ receiptId, events });
    return this.send('sale', saleResponseSchema, async () => {
      const caller = await this.caller();
      const request = parseRequest(saleRequestSchema, 'body', body);
      authorizeEvents(caller, request.events);
      const sold = new Set<string>();
      for (const event of request.events) {
        if ((event.kind === 'SALE' || event.kind === 'RETURN') && event.receiptId === receiptId) {
          sold.add(event.isbn);
        }
      }
      if (sold.size === 0) {
        throw badRequest(`body.events: no SALE or RETURN event carries receiptId "${receiptId}"`);
      }
      const result = await this.net.storage.append({
        events: request.events,
        onHandFor: { storeId: caller.storeId, isbns: [...sold] },
        refuseNegativeStock: true,
      });
      return checkedResponse(saleResponseSchema, {
        receiptId: request.receiptId,
        accepted: result.accepted,
        duplicates: result.duplicates,
        held: result.held,
        headSeq: result.headSeq,
        onHand: result.onHand,
      });
    });
  }

  async feed(
    after: number,
    limit: number,
    skip?: FeedSkip,
  ): Promise<FeedResponse & { bytes: number }> {
    const page = await this.send('feed', feedResponseSchema, async () => {
      await this.caller();
      const query = parseRequest(feedQuerySchema, 'query', {
        after,
        limit,
        ...(skip ? { skip: skip.originId, skipThrough: skip.throughSeq } : {}),
      });
      const stored = await this.net.storage.feed(query.after, query.limit, query.skip);
      const entries =
        this.net.lie === 'skip-feed-entry' && stored.entries.length > 1
          ? stored.entries.filter((_, index) => index !== 1)
          : stored.entries;
      return checkedResponse(feedResponseSchema, {
        entries,
        nextAfter: stored.nextAfter,
        headSeq: stored.headSeq,
      });
    });
    return { ...page, bytes: Buffer.byteLength(JSON.stringify(page)) };
  }

  repair(request: RepairRequest): Promise<RepairResponse> {
    const body = wire(request);
    return this.send('repair', repairResponseSchema, async () => {
      const caller = await this.caller();
      const parsed = parseRequest(repairRequestSchema, 'body', body);
      if (parsed.storeId !== caller.storeId) {
        throw forbidden(`body.storeId: "${parsed.storeId}" is not this register's store`);
      }
      authorizeEvents(caller, parsed.events);
      const before = await this.net.storage.titleState(parsed.storeId, parsed.isbn);
      const written =
        parsed.events.length > 0
          ? await this.net.storage.append({ events: parsed.events })
          : { accepted: 0, duplicates: 0, held: {} };
      const view = await this.net.storage.repairView(
        parsed.storeId,
        parsed.isbn,
        parsed.vector,
        MAX_EVENTS_PER_PAGE,
      );
      return checkedResponse(repairResponseSchema, {
        accepted: written.accepted,
        duplicates: written.duplicates,
        held: written.held,
        onHandBefore: before.onHand,
        onHand: view.onHand,
        events: view.events,
        complete: view.complete,
      });
    });
  }

  digests(storeId: string): Promise<DigestResponse> {
    return this.send('digests', digestResponseSchema, async () => {
      const caller = await this.caller();
      const params = parseRequest(digestParamsSchema, 'params', { storeId });
      if (params.storeId !== caller.storeId) {
        throw forbidden(`params.storeId: "${params.storeId}" is not this register's store`);
      }
      const digests = await this.net.storage.titleDigests(params.storeId);
      return checkedResponse(digestResponseSchema, { storeId: params.storeId, ...digests });
    });
  }

  /** The auth hook: the token names an active register. */
  private async caller(): Promise<RegisterRecord> {
    const record = await this.net.storage.registerByTokenHash(this.tokenHash);
    if (!record || record.revokedAt !== null) throw unauthenticated('unknown token');
    return record;
  }

  private async lieAboutHeld(events: readonly LedgerEvent[]): Promise<PushResponse> {
    const held: Record<string, number> = {};
    for (const event of events) held[event.originId] = event.seq;
    return {
      accepted: events.length,
      duplicates: 0,
      held,
      headSeq: await this.net.storage.headSeq(),
    };
  }

  /** Runs the route as the server would, answering as the undici client would see it. */
  private async serve<S extends z.ZodType>(
    what: string,
    schema: S,
    route: () => Promise<z.input<S>>,
  ): Promise<z.output<S>> {
    let answer: unknown;
    try {
      answer = wire(await route());
    } catch (error) {
      const http = toHttpError(error, DEFAULT_BODY_LIMIT);
      this.net.noteRefusal(http.code);
      if (http.status >= 500) {
        this.net.stats.internalErrors.push(`${what}: ${String(error)}`);
        throw new MasterUnreachableError(`the master answered ${http.status}: ${http.message}`);
      }
      throw new MasterRejectedError(http.status, http.code, http.message, http.detail ?? {});
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      this.net.stats.internalErrors.push(`${what}: reply failed the wire schema`);
      throw new MasterUnreachableError(`the master's answer to ${what} was garbled`);
    }
    return parsed.data;
  }

  private async send<S extends z.ZodType>(
    what: string,
    schema: S,
    route: () => Promise<z.input<S>>,
  ): Promise<z.output<S>> {
    const { endpoint, net } = this;
    if (endpoint.isDown()) throw endpoint.crash(`${what} from a dead register`);
    net.stats.requests += 1;
    if (endpoint.isPartitioned()) {
      net.stats.partitioned += 1;
      throw new MasterUnreachableError(`${endpoint.name} is cut off from the master`);
    }
    const fault = net.nextFault();
    net.stats.faults[fault] += 1;
    const deliver = () => this.serve(what, schema, route);
    const unreachable = () => new MasterUnreachableError(`${what}: no answer (${fault})`);
    switch (fault) {
      case 'ok':
        return deliver();
      case 'drop':
        throw unreachable();
      case 'lost-reply':
        await deliver().catch(() => undefined);
        throw unreachable();
      case 'duplicate': {
        const [first] = await Promise.allSettled([deliver(), deliver()]);
        if (first.status === 'rejected') throw first.reason;
        return first.value;
      }
      case 'late-copy':
        net.hold({ from: endpoint.name, what, deliver });
        return deliver();
      case 'late-only':
        net.hold({ from: endpoint.name, what, deliver });
        throw unreachable();
      case 'crash-before-send':
        throw endpoint.crash(`${what}: died while sending`);
      case 'crash-after-commit':
        await deliver().catch(() => undefined);
        throw endpoint.crash(`${what}: died before reading the answer`);
    }
  }
}

/** Every event the master holds, in masterSeq order, as canonical text with its key. */
export function masterLog(
  storage: SqliteMasterStorage,
): { masterSeq: number; event: LedgerEvent; body: string }[] {
  const rows = storage.db
    .prepare('SELECT master_seq, body FROM events ORDER BY master_seq')
    .all() as { master_seq: number; body: string }[];
  return rows.map((row) => {
    const event = JSON.parse(row.body) as LedgerEvent;
    return { masterSeq: row.master_seq, event, body: canonicalEvent(event) };
  });
}

/** The master's held vector: highest contiguous seq per origin. */
export function masterHeld(storage: SqliteMasterStorage): Record<string, number> {
  const rows = storage.db.prepare('SELECT origin_id, seq FROM held WHERE seq > 0').all() as {
    origin_id: string;
    seq: number;
  }[];
  return Object.fromEntries(rows.map((row) => [row.origin_id, row.seq]));
}
