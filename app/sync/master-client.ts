// The register's HTTP client for the master: keep-alive connections through undici (Node's
// built-in fetch measured 3x slower here), every response validated against the shared schemas.
import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { LedgerEvent } from '../protocol/events.js';
import {
  availabilityResponseSchema,
  catalogResponseSchema,
  claimOriginResponseSchema,
  enrolResponseSchema,
  errorBodySchema,
  feedPageEnvelopeSchema,
  healthResponseSchema,
  pushResponseSchema,
  digestResponseSchema,
  repairResponseSchema,
  saleResponseSchema,
  storeRegistersResponseSchema,
  titleStateResponseSchema,
  type AvailabilityResponse,
  type CatalogResponse,
  type EnrolRequest,
  type EnrolResponse,
  type FeedResponse,
  type FeedSkip,
  type PushResponse,
  type DigestResponse,
  type RepairRequest,
  type RepairResponse,
  type SaleResponse,
  type StoreRegistersResponse,
  type TitleStateResponse,
} from '../protocol/wire.js';

/**
 * The master could not be reached, or its answer was lost or garbled. Every request the register
 * sends is safe to repeat, so the caller may retry with the same events.
 */
export class MasterUnreachableError extends Error {
  override name = 'MasterUnreachableError';
}

/** The master answered and said no: retrying the same request will not help. */
export class MasterRejectedError extends Error {
  override name = 'MasterRejectedError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * What sync, strong sales and read repair need of the master. The HTTP client below is the real
 * one; the convergence simulation supplies an in-process one that injects faults.
 */
export interface MasterApi {
  push(events: readonly LedgerEvent[]): Promise<PushResponse>;
  /**
   * push(), given the events as the canonical texts the ledger stores: sent as they are, not
   * parsed and written out again (a nightly page is 5,000 events). Without it, push() is used.
   */
  pushTexts?(texts: readonly string[]): Promise<PushResponse>;
  sale(receiptId: string, events: readonly LedgerEvent[]): Promise<SaleResponse>;
  /**
   * A page of the chain's feed. Only its envelope is known to be valid: each event is an object
   * not yet checked against ledgerEventSchema, which Ledger.applyForeign does for every event the
   * ledger does not already hold.
   */
  feed(after: number, limit: number, skip?: FeedSkip): Promise<FeedResponse & { bytes: number }>;
  repair(request: RepairRequest): Promise<RepairResponse>;
  /** Anti-entropy; a MasterApi without it simply skips that step of the batch. */
  digests?(storeId: string): Promise<DigestResponse>;
}

export interface MasterClientOptions {
  url: string;
  token?: string;
  /** Per request, connect to last byte. */
  timeoutMs?: number;
}

export class MasterClient implements MasterApi {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly timeoutMs: number;
  private token: string | undefined;
  /** The master refused a feed skip once (it predates it): pages are asked for whole after. */
  private feedSkipRefused = false;

  constructor(options: MasterClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.token = options.token;
    this.origin = new URL(options.url).origin;
    this.pool = new Pool(this.origin, {
      connections: 4,
      keepAliveTimeout: 30_000,
      connect: { timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  setToken(token: string): void {
    this.token = token;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  health() {
    return this.call('GET', '/v1/health', healthResponseSchema, { auth: false });
  }

  enrol(request: EnrolRequest): Promise<EnrolResponse> {
    return this.call('POST', '/v1/enrol', enrolResponseSchema, { auth: false, body: request });
  }

  claimOrigin(originId: string) {
    return this.call('POST', '/v1/origins', claimOriginResponseSchema, { body: { originId } });
  }

  push(events: readonly LedgerEvent[]): Promise<PushResponse> {
    return this.call('POST', '/v1/events', pushResponseSchema, { body: { events } });
  }

  pushTexts(texts: readonly string[]): Promise<PushResponse> {
    return this.call('POST', '/v1/events', pushResponseSchema, {
      bodyText: `{"events":[${texts.join(',')}]}`,
    });
  }

  sale(receiptId: string, events: readonly LedgerEvent[]): Promise<SaleResponse> {
    return this.call('POST', '/v1/sales', saleResponseSchema, { body: { receiptId, events } });
  }

  async feed(
    after: number,
    limit: number,
    skip?: FeedSkip,
  ): Promise<FeedResponse & { bytes: number }> {
    const page = (query: string) =>
      this.call('GET', `/v1/feed?after=${after}&limit=${limit}${query}`, feedPageEnvelopeSchema, {
        withBytes: true,
      });
    if (!skip || this.feedSkipRefused) return page('');
    try {
      return await page(`&skip=${skip.originId}&skipThrough=${skip.throughSeq}`);
    } catch (error) {
      // A master older than the skip refuses the unknown parameter: it sends the whole feed.
      if (!(error instanceof MasterRejectedError) || error.status !== 400) throw error;
      this.feedSkipRefused = true;
      return page('');
    }
  }

  repair(request: RepairRequest): Promise<RepairResponse> {
    return this.call('POST', '/v1/repair', repairResponseSchema, { body: request });
  }

  digests(storeId: string): Promise<DigestResponse> {
    return this.call('GET', `/v1/digests/${storeId}`, digestResponseSchema);
  }

  titleState(storeId: string, isbn: string): Promise<TitleStateResponse> {
    return this.call('GET', `/v1/stock/${storeId}/${isbn}`, titleStateResponseSchema);
  }

  availability(isbn: string): Promise<AvailabilityResponse> {
    return this.call('GET', `/v1/availability/${isbn}`, availabilityResponseSchema);
  }

  catalog(): Promise<CatalogResponse> {
    return this.call('GET', '/v1/catalog', catalogResponseSchema);
  }

  /** The store's registers and how far behind the feed each one's last pull was. */
  storeRegisters(storeId: string): Promise<StoreRegistersResponse> {
    return this.call('GET', `/v1/stores/${storeId}/registers`, storeRegistersResponseSchema);
  }

  private async call<S extends z.ZodType, B extends boolean = false>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    /** `bodyText`: a body already written as JSON. */
    options: { auth?: boolean; body?: unknown; bodyText?: string; withBytes?: B } = {},
  ): Promise<B extends true ? z.output<S> & { bytes: number } : z.output<S>> {
    const headers: Record<string, string> = {};
    if (options.auth !== false) {
      if (!this.token)
        throw new MasterRejectedError(
          401,
          'NOT_ENROLLED',
          'This register is not enrolled with a master yet.',
        );
      headers.authorization = `Bearer ${this.token}`;
    }
    const payload =
      options.bodyText ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let bytes: number;
    try {
      ({ status, text, bytes } = await exchange(
        this.pool,
        { method, path, headers, body: payload ?? null },
        this.timeoutMs,
      ));
    } catch (error) {
      throw new MasterUnreachableError(
        `The master at ${this.describe()} cannot be reached: ${reason(error)}`,
        {
          cause: error,
        },
      );
    }
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new MasterUnreachableError(
          `The master's answer to ${method} ${path} was cut short or garbled.`,
        );
      }
      const value = parsed.data as object;
      return (options.withBytes ? { ...value, bytes } : value) as never;
    }
    const error = errorBodySchema.safeParse(json);
    if (status >= 500 || status === 429 || !error.success) {
      throw new MasterUnreachableError(
        `The master at ${this.describe()} answered ${status}${error.success ? `: ${error.data.error.message}` : ''}`,
      );
    }
    throw new MasterRejectedError(
      status,
      error.data.error.code,
      error.data.error.message,
      error.data.error.detail ?? {},
    );
  }

  private describe(): string {
    return this.origin;
  }
}

interface Exchanged {
  status: number;
  text: string;
  bytes: number;
}

/**
 * One request and its whole answer as text, within `timeoutMs` from the call to the last byte.
 * Undici's dispatch with a plain timer rather than request() with an AbortSignal: no response
 * stream and no abort listener per request, which cost ~30 µs of CPU and of latency on a sale.
 */
function exchange(
  pool: Pool,
  request: Pick<Dispatcher.DispatchOptions, 'method' | 'path' | 'headers' | 'body'>,
  timeoutMs: number,
): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let expired = false;
    let status = 0;
    let chunks: Buffer[] = [];
    let bytes = 0;
    const timer = setTimeout(() => {
      expired = true;
      const error = timedOut();
      // Not started yet (waiting for a connection): it is aborted if it ever starts.
      controller?.abort(error);
      reject(error);
    }, timeoutMs);
    pool.dispatch(request, {
      onRequestStart(started) {
        controller = started;
        // Undici may start a request again (a pipelined one whose connection failed).
        chunks = [];
        bytes = 0;
        if (expired) started.abort(timedOut());
      },
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
        bytes += chunk.length;
      },
      onResponseEnd() {
        clearTimeout(timer);
        const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes);
        resolve({ status, text: whole ? whole.toString('utf8') : '', bytes });
      },
      onResponseError(_controller, error) {
        clearTimeout(timer);
        reject(error);
      },
    });
  });
}

/** What AbortSignal.timeout aborts with. */
function timedOut(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function reason(error: unknown): string {
  if (error instanceof undiciErrors.UndiciError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}
