// The HTTP contract between a register and the master, validated by both ends.
// Paths are versioned under /v1; bodies are JSON; errors are { error: { code, message } }.
import { z } from 'zod';
import {
  isbn13Schema,
  ledgerEventSchema,
  originIdSchema,
  storeIdSchema,
  versionVectorSchema,
  type LedgerEvent,
} from './events.js';

/** Most events one push or one feed page carries. */
export const MAX_EVENTS_PER_PAGE = 5_000;

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    /** Machine-readable detail: the expected seq for GAP, the key for CONFLICT… */
    detail: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const ERROR_CODES = [
  'BAD_REQUEST', // 400: malformed body or query
  'UNAUTHENTICATED', // 401: missing, unknown or revoked token
  'FORBIDDEN', // 403: the token's register may not write for that store or origin
  'NOT_FOUND', // 404
  'GAP', // 409: events must continue their origin's sequence; detail.expected names the next seq
  'ORIGIN_TAKEN', // 409: another register already claimed that origin
  'INSUFFICIENT_STOCK', // 409: a strong-mode sale would take the master's count below zero; detail.isbn, detail.onHand
  'PAYLOAD_TOO_LARGE', // 413
  'CONFLICT', // 422: an event key the master holds with different content; nothing was written
  'INVALID_CODE', // 401: enrolment code unknown, used or expired
  'RATE_LIMITED', // 429
  'UNAVAILABLE', // 503: shutting down
  'INTERNAL', // 500: a fault in the master itself, never bad input
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const healthResponseSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  headSeq: z.number().int().nonnegative(),
});

export const storeInfoSchema = z.strictObject({ storeId: storeIdSchema, name: z.string() });

export const enrolRequestSchema = z.strictObject({
  code: z.string().min(6).max(64),
  originId: originIdSchema,
  registerName: z.string().min(1).max(100),
});
export const enrolResponseSchema = z.strictObject({
  registerId: z.string(),
  storeId: storeIdSchema,
  storeName: z.string(),
  /** 256-bit bearer token, shown once; the master keeps only its hash. */
  token: z.string(),
  stores: z.array(storeInfoSchema),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

/** A register that had to start a new origin (a restored ledger) claims it for its token. */
export const claimOriginRequestSchema = z.strictObject({ originId: originIdSchema });
export const claimOriginResponseSchema = z.strictObject({
  originId: originIdSchema,
  claimed: z.literal(true),
});

export const pushRequestSchema = z.strictObject({
  /** Per origin in seq order, each origin continuing from what the master holds (else GAP). */
  events: z.array(ledgerEventSchema).min(1).max(MAX_EVENTS_PER_PAGE),
});
export const pushResponseSchema = z.strictObject({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Highest contiguous seq the master now durably holds for each origin in the request. */
  held: versionVectorSchema,
  headSeq: z.number().int().nonnegative(),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** Strong mode: one receipt's events (and any earlier ones of the origin not yet pushed). */
export const saleRequestSchema = z.strictObject({
  receiptId: z.string().min(1).max(200),
  events: z.array(ledgerEventSchema).min(1).max(MAX_EVENTS_PER_PAGE),
});
export const saleResponseSchema = z.strictObject({
  receiptId: z.string(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  held: versionVectorSchema,
  headSeq: z.number().int().nonnegative(),
  /** The master's on-hand for each title sold, after the sale. */
  onHand: z.record(isbn13Schema, z.number().int()),
});
export type SaleRequest = z.infer<typeof saleRequestSchema>;
export type SaleResponse = z.infer<typeof saleResponseSchema>;

/**
 * A feed page that skips the events a register holds already because it wrote them: `skip`, an
 * origin, through seq `skipThrough`. A nightly pull would otherwise carry back every event the
 * register pushed that night (half of what it pulls). Later seqs of that origin are still sent:
 * only a register restored from an older copy of its ledger lacks them, and it must see them.
 */
export const feedSkipSchema = z.strictObject({
  originId: originIdSchema,
  throughSeq: z.number().int().nonnegative(),
});
export type FeedSkip = z.infer<typeof feedSkipSchema>;

export const feedQuerySchema = z
  .strictObject({
    after: z.coerce.number().int().nonnegative().default(0),
    limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PER_PAGE).default(1_000),
    skip: originIdSchema.optional(),
    skipThrough: z.coerce.number().int().nonnegative().optional(),
  })
  .refine((query) => (query.skip === undefined) === (query.skipThrough === undefined), {
    message: 'skip and skipThrough go together',
    path: ['skipThrough'],
  })
  .transform(({ after, limit, skip, skipThrough }) => ({
    after,
    limit,
    skip:
      skip === undefined || skipThrough === undefined
        ? undefined
        : { originId: skip, throughSeq: skipThrough },
  }));
export const feedEntrySchema = z.strictObject({
  masterSeq: z.number().int().positive(),
  event: ledgerEventSchema,
});
export const feedResponseSchema = z.strictObject({
  entries: z.array(feedEntrySchema),
  /**
   * Pass as `after` for the next page. Past the last entry when the master looked further and
   * found only skipped events: a page may then be empty and still move on.
   */
  nextAfter: z.number().int().nonnegative(),
  /** The master's latest masterSeq when the page was read: progress = nextAfter / headSeq. */
  headSeq: z.number().int().nonnegative(),
});
export type FeedResponse = z.infer<typeof feedResponseSchema>;
/**
 * A feed page with its envelope checked strictly and each event only as an object: the master
 * stored each one checked, and the register checks every event it does not already hold when it
 * applies the page (Ledger.applyForeign), so a page is never checked event by event twice.
 */
export const feedPageEnvelopeSchema = feedResponseSchema.extend({
  entries: z.array(
    feedEntrySchema.extend({
      event: z.custom<LedgerEvent>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        'event must be an object',
      ),
    }),
  ),
});

export const titleStateParamsSchema = z.strictObject({
  storeId: storeIdSchema,
  isbn: isbn13Schema,
});
export const titleStateResponseSchema = z.strictObject({
  storeId: storeIdSchema,
  isbn: isbn13Schema,
  onHand: z.number().int(),
  /** The master's whole version vector (highest contiguous seq per origin). */
  vector: versionVectorSchema,
});
export type TitleStateResponse = z.infer<typeof titleStateResponseSchema>;

export const availabilityParamsSchema = z.strictObject({ isbn: isbn13Schema });
export const availabilityResponseSchema = z.strictObject({
  isbn: isbn13Schema,
  stores: z.array(
    z.strictObject({ storeId: storeIdSchema, name: z.string(), onHand: z.number().int() }),
  ),
});
export type AvailabilityResponse = z.infer<typeof availabilityResponseSchema>;

export const catalogResponseSchema = z.strictObject({
  stores: z.array(storeInfoSchema),
  titles: z.array(
    z.strictObject({
      isbn: isbn13Schema,
      title: z.string(),
      author: z.string(),
      priceCents: z.number().int().nonnegative(),
      costCents: z.number().int().nonnegative(),
      section: z.string(),
    }),
  ),
});
export type CatalogResponse = z.infer<typeof catalogResponseSchema>;

/**
 * Read repair of one (store, title), in one round trip: the register sends its vector and count
 * and the events of its own origins the master may lack; the master stores those, then answers
 * with its count and the events the register lacks for that title, as whole per-origin ranges
 * (so the register's log stays gap-free).
 */
export const repairRequestSchema = z.strictObject({
  storeId: storeIdSchema,
  isbn: isbn13Schema,
  vector: versionVectorSchema,
  onHand: z.number().int(),
  /** Per origin in seq order, continuing from what the master holds (as for a push). */
  events: z.array(ledgerEventSchema).max(MAX_EVENTS_PER_PAGE),
});
export const repairResponseSchema = z.strictObject({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  held: versionVectorSchema,
  /** The master's count for the title before the register's events went in… */
  onHandBefore: z.number().int(),
  /** …and once they are in. */
  onHand: z.number().int(),
  /** Events the register lacks, whole ranges per origin up to the last one touching the title. */
  events: z.array(ledgerEventSchema),
  /** False when the ranges were cut at MAX_EVENTS_PER_PAGE: a full pull is needed to agree. */
  complete: z.boolean(),
});
export type RepairRequest = z.infer<typeof repairRequestSchema>;
export type RepairResponse = z.infer<typeof repairResponseSchema>;

/**
 * Anti-entropy: a digest of every title of a store, as of `headSeq`. A register that has pulled
 * to exactly `headSeq` and has nothing left to push must hold the same events for every title.
 */
export const digestParamsSchema = z.strictObject({ storeId: storeIdSchema });
export const titleDigestSchema = z.strictObject({
  isbn: isbn13Schema,
  onHand: z.number().int(),
  /** How many events the title has at the store, and the sum of their seqs: a cheap checksum. */
  events: z.number().int().nonnegative(),
  seqSum: z.number().int().nonnegative(),
});
export const digestResponseSchema = z.strictObject({
  storeId: storeIdSchema,
  headSeq: z.number().int().nonnegative(),
  titles: z.array(titleDigestSchema),
});
export type TitleDigest = z.infer<typeof titleDigestSchema>;
export type DigestResponse = z.infer<typeof digestResponseSchema>;

/**
 * A manager's view of the store's registers: for each origin a register of the store writes as,
 * when its register last pushed and pulled, and how many events of the chain's feed it has not
 * pulled yet (the feed head minus its last pull position).
 */
export const storeRegistersParamsSchema = z.strictObject({ storeId: storeIdSchema });
export const storeRegisterSchema = z.strictObject({
  originId: originIdSchema,
  registerId: z.string(),
  registerName: z.string(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  /** The masterSeq its last pull reached; null when it never pulled. */
  pulledTo: z.number().int().nonnegative().nullable(),
  /** Feed events after pulledTo (the whole feed when it never pulled). */
  behind: z.number().int().nonnegative(),
});
export const storeRegistersResponseSchema = z.strictObject({
  storeId: storeIdSchema,
  headSeq: z.number().int().nonnegative(),
  registers: z.array(storeRegisterSchema),
});
export type StoreRegister = z.infer<typeof storeRegisterSchema>;
export type StoreRegistersResponse = z.infer<typeof storeRegistersResponseSchema>;
