// Everything that moves stock other than a sale or a return.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  storeIdSchema,
  versionVectorSchema,
  type EventKey,
  type LedgerEvent,
  type VersionVector,
} from '../protocol/events.js';
import { UserError } from '../shared/errors.js';
import type { Ledger } from './ledger.js';

const actorSchema = z.string().min(1).max(64);
const linesSchema = z
  .array(z.strictObject({ isbn: z.string().min(1), qty: z.number().int().min(1).max(100_000) }))
  .min(1)
  .max(50_000);

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  throw new UserError('INVALID_INPUT', `${where}${first?.message ?? 'invalid input'}`);
}

export const deliveryInputSchema = z.strictObject({
  actor: actorSchema,
  reference: z.string().max(200).default(''),
  lines: linesSchema,
});

export function receiveDelivery(
  ledger: Ledger,
  input: z.input<typeof deliveryInputSchema>,
): LedgerEvent[] {
  const { actor, reference, lines } = parse(deliveryInputSchema, input);
  const drafts = lines.map((line) => ({
    kind: 'DELIVERY' as const,
    storeId: ledger.storeId,
    isbn: ledger.catalog.title(line.isbn).isbn,
    actor,
    qty: line.qty,
    reference,
  }));
  return ledger.append(drafts);
}

export const transferOutInputSchema = z.strictObject({
  actor: actorSchema,
  toStoreId: storeIdSchema,
  lines: linesSchema,
});

/** Sends copies to another store; returns the transfer id the receiving store books them in with. */
export function transferOut(
  ledger: Ledger,
  input: z.input<typeof transferOutInputSchema>,
): { transferId: string; events: LedgerEvent[] } {
  const { actor, toStoreId, lines } = parse(transferOutInputSchema, input);
  if (toStoreId === ledger.storeId) {
    throw new UserError('INVALID_INPUT', 'A transfer must go to another store.');
  }
  ledger.catalog.store(toStoreId);
  const transferId = randomUUID();
  const drafts = lines.map((line) => ({
    kind: 'TRANSFER_OUT' as const,
    storeId: ledger.storeId,
    isbn: ledger.catalog.title(line.isbn).isbn,
    actor,
    qty: line.qty,
    transferId,
    toStoreId,
  }));
  return { transferId, events: ledger.append(drafts) };
}

export const transferInInputSchema = z.strictObject({
  actor: actorSchema,
  transferId: z.string().min(1).max(200),
  fromStoreId: storeIdSchema,
  lines: linesSchema,
});

export function receiveTransfer(
  ledger: Ledger,
  input: z.input<typeof transferInInputSchema>,
): LedgerEvent[] {
  const { actor, transferId, fromStoreId, lines } = parse(transferInInputSchema, input);
  ledger.catalog.store(fromStoreId);
  const drafts = lines.map((line) => ({
    kind: 'TRANSFER_IN' as const,
    storeId: ledger.storeId,
    isbn: ledger.catalog.title(line.isbn).isbn,
    actor,
    qty: line.qty,
    transferId,
    fromStoreId,
  }));
  return ledger.append(drafts);
}

export const adjustInputSchema = z.strictObject({
  actor: actorSchema,
  isbn: z.string().min(1),
  delta: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((n) => n !== 0, 'an adjustment must change the count'),
  reason: z.string().trim().min(1, 'an adjustment needs a reason').max(200),
});

export function adjustStock(ledger: Ledger, input: z.input<typeof adjustInputSchema>): LedgerEvent {
  const { actor, isbn, delta, reason } = parse(adjustInputSchema, input);
  const [event] = ledger.append([
    {
      kind: 'ADJUST',
      storeId: ledger.storeId,
      isbn: ledger.catalog.title(isbn).isbn,
      actor,
      delta,
      reason,
    },
  ]);
  if (!event) throw new Error('append returned no event');
  return event;
}

export const stocktakeInputSchema = z.strictObject({
  actor: actorSchema,
  stocktakeId: z.string().min(1).max(200),
  counts: z
    .array(
      z.strictObject({
        isbn: z.string().min(1),
        counted: z.number().int().min(0).max(1_000_000),
        /** The vector when this title was counted; defaults to the ledger's vector now. */
        vector: versionVectorSchema.optional(),
      }),
    )
    .min(1)
    .max(100_000),
});

/** Records observed shelf counts as STOCKTAKE events (observed resets, see fold.ts). */
export function recordStocktake(
  ledger: Ledger,
  input: z.input<typeof stocktakeInputSchema>,
): LedgerEvent[] {
  const { actor, stocktakeId, counts } = parse(stocktakeInputSchema, input);
  return ledger.transaction(() => {
    const now: VersionVector = ledger.vector();
    return ledger.appendStocktakes(
      { actor, stocktakeId },
      counts.map((count) => ({
        isbn: ledger.catalog.title(count.isbn).isbn,
        counted: count.counted,
        vector: count.vector ?? now,
      })),
    );
  });
}

/**
 * recordStocktake for the counts of a stocktake session: their ISBNs became catalog keys when they
 * were counted and their vectors were checked when read back, so they are neither parsed as input
 * again nor normalised again (at 50,000 titles that was most of the commit).
 */
export function recordSessionCounts(
  ledger: Ledger,
  input: {
    actor: string;
    stocktakeId: string;
    counts: readonly { isbn: string; counted: number; vector?: VersionVector }[];
  },
): LedgerEvent[] {
  return ledger.transaction(() => {
    // A session's counts all carry their vectors: they go through as they are, not copied.
    if (input.counts.every((count) => count.vector !== undefined)) {
      return ledger.appendStocktakes(
        { actor: input.actor, stocktakeId: input.stocktakeId },
        input.counts as readonly { isbn: string; counted: number; vector: VersionVector }[],
      );
    }
    const now: VersionVector = ledger.vector();
    return ledger.appendStocktakes(
      { actor: input.actor, stocktakeId: input.stocktakeId },
      input.counts.map((count) => ({
        isbn: count.isbn,
        counted: count.counted,
        vector: count.vector ?? now,
      })),
    );
  });
}

/** Cancels an event this ledger holds. Voids cannot be voided: record the opposite movement instead. */
export function voidEvent(
  ledger: Ledger,
  target: EventKey,
  actor: string,
  reason: string,
): LedgerEvent {
  return ledger.transaction(() => {
    const event = ledger.event(target);
    if (!event) {
      throw new UserError(
        'UNKNOWN_EVENT',
        `No event ${target.originId}:${target.seq} in this ledger.`,
      );
    }
    if (event.kind === 'VOID') {
      throw new UserError(
        'INVALID_INPUT',
        'A void cannot be voided; record the movement again instead.',
      );
    }
    // The master only takes a register's events for its own store: a VOID of another store's
    // event would be refused forever and hold up every later event of this register.
    if (event.storeId !== ledger.storeId) {
      throw new UserError(
        'NOT_ALLOWED',
        `Event ${target.originId}:${target.seq} belongs to store "${event.storeId}"; only that store can void it.`,
      );
    }
    // Only the key: callers may hand over a whole event, which is an EventKey too.
    const key = { originId: target.originId, seq: target.seq };
    const [voided] = ledger.append([
      { kind: 'VOID', storeId: event.storeId, isbn: event.isbn, actor, target: key, reason },
    ]);
    if (!voided) throw new Error('append returned no event');
    return voided;
  });
}
