// The inventory event: the one fact every ledger, the master and the wire agree on.
// Shared by the register, the master and (as types) the UI, so it must stay free of Node APIs.
import { z } from 'zod';

export const ORIGIN_ID_PATTERN = /^[0-9a-f]{32}$/;
export const originIdSchema = z.string().regex(ORIGIN_ID_PATTERN, 'originId must be 32 hex digits');
export const storeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'storeId must be 1-40 lowercase letters, digits or dashes');
export const isbn13Schema = z
  .string()
  .regex(/^97[89][0-9]{10}$/, 'isbn must be a normalized ISBN-13');
/** Hybrid logical clock: 15-digit wall milliseconds, a dot, a 5-digit counter. Sorts as text. */
export const hlcSchema = z
  .string()
  .regex(/^[0-9]{15}\.[0-9]{5}$/, 'hlc must look like 001700000000000.00000');
const seqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const quantitySchema = z.number().int().positive().max(100_000);
const actorSchema = z.string().min(1).max(64);
const shortText = z.string().min(1).max(200);

export const eventKeySchema = z.strictObject({ originId: originIdSchema, seq: seqSchema });
export type EventKey = z.infer<typeof eventKeySchema>;

/** `{originId: highest contiguous seq}`: names exactly the events a ledger holds. */
export const versionVectorSchema = z.record(originIdSchema, z.number().int().nonnegative());
export type VersionVector = z.infer<typeof versionVectorSchema>;

const base = {
  originId: originIdSchema,
  seq: seqSchema,
  hlc: hlcSchema,
  storeId: storeIdSchema,
  isbn: isbn13Schema,
  actor: actorSchema,
};

export const saleEventSchema = z.strictObject({
  ...base,
  kind: z.literal('SALE'),
  qty: quantitySchema,
  unitPriceCents: z.number().int().nonnegative(),
  receiptId: shortText,
});
export const returnEventSchema = z.strictObject({
  ...base,
  kind: z.literal('RETURN'),
  qty: quantitySchema,
  receiptId: shortText,
  /** The SALE event this return undoes (part of). */
  sale: eventKeySchema,
});
export const deliveryEventSchema = z.strictObject({
  ...base,
  kind: z.literal('DELIVERY'),
  qty: quantitySchema,
  reference: z.string().max(200),
});
export const transferOutEventSchema = z.strictObject({
  ...base,
  kind: z.literal('TRANSFER_OUT'),
  qty: quantitySchema,
  transferId: shortText,
  toStoreId: storeIdSchema,
});
export const transferInEventSchema = z.strictObject({
  ...base,
  kind: z.literal('TRANSFER_IN'),
  qty: quantitySchema,
  transferId: shortText,
  fromStoreId: storeIdSchema,
});
export const adjustEventSchema = z.strictObject({
  ...base,
  kind: z.literal('ADJUST'),
  delta: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((n) => n !== 0, 'an adjustment must change the count'),
  reason: shortText,
});
export const stocktakeEventSchema = z.strictObject({
  ...base,
  kind: z.literal('STOCKTAKE'),
  /** Copies counted on the shelf. */
  counted: z.number().int().nonnegative().max(1_000_000),
  /** The counting register's vector when the count was taken: the events the count already reflects. */
  vector: versionVectorSchema,
  stocktakeId: shortText,
});
export const voidEventSchema = z.strictObject({
  ...base,
  kind: z.literal('VOID'),
  /** The event that is cancelled; storeId and isbn above are the target's. */
  target: eventKeySchema,
  reason: shortText,
});

export const ledgerEventSchema = z.discriminatedUnion('kind', [
  saleEventSchema,
  returnEventSchema,
  deliveryEventSchema,
  transferOutEventSchema,
  transferInEventSchema,
  adjustEventSchema,
  stocktakeEventSchema,
  voidEventSchema,
]);
export type LedgerEvent = z.infer<typeof ledgerEventSchema>;
export type EventKind = LedgerEvent['kind'];
export type EventOfKind<K extends EventKind> = Extract<LedgerEvent, { kind: K }>;

/** An event before the ledger gives it its identity and timestamp. */
export type EventDraft = LedgerEvent extends infer E
  ? E extends LedgerEvent
    ? Omit<E, 'originId' | 'seq' | 'hlc'>
    : never
  : never;

export const EVENT_KINDS = [
  'SALE',
  'RETURN',
  'DELIVERY',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'ADJUST',
  'STOCKTAKE',
  'VOID',
] as const satisfies readonly EventKind[];

/** The earlier event an event points at: a VOID's target, a RETURN's sale. */
export function referencedEvent(event: LedgerEvent): EventKey | null {
  switch (event.kind) {
    case 'VOID':
      return event.target;
    case 'RETURN':
      return event.sale;
    default:
      return null;
  }
}
