// The register API: the one contract between the UI and the register core, whichever shell
// carries it (Electron IPC or the browser shell's loopback HTTP). Every call has a schema for its
// payload, checked by the shell before the handler runs, and one for its result, checked before
// the answer leaves. Shared with the renderer, so it must stay free of Node APIs.
import { z } from 'zod';
import { isbn13Schema, originIdSchema, storeIdSchema } from './events.js';
import { receiptsCalls } from './receipts-api.js';
import { reportsCalls } from './reports-api.js';
import { syncCalls } from './sync-api.js';
import { receiptLineSchema } from './receipt-line.js';
import { sessionViewSchema, staffCalls } from './staff-api.js';

const receiptIdSchema = z.string().min(1, 'a receipt id is needed').max(200);
/** What the scanner or the cashier typed; the register normalizes it (ISBN-10/13, EAN-13). */
const scanSchema = z.string().trim().min(1, 'scan or type an ISBN').max(64);
const qtySchema = z.number().int().min(1).max(999);
const centsSchema = z.number().int().nonnegative().max(100_000_000);
const noInput = z.strictObject({});

export const paymentInputSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('cash'), tenderedCents: centsSchema }),
  z.strictObject({ method: z.literal('card'), reference: z.string().trim().max(64).optional() }),
]);
export type PaymentInput = z.infer<typeof paymentInputSchema>;

export const syncModeSchema = z.enum(['strong', 'eventual']);
export type SyncMode = z.infer<typeof syncModeSchema>;

export const registerStatusSchema = z.object({
  storeId: storeIdSchema,
  storeName: z.string(),
  registerName: z.string().nullable(),
  originId: originIdSchema,
  mode: syncModeSchema,
  enrolled: z.boolean(),
  masterUrl: z.string().nullable(),
  /** null until the register has tried to reach the master. */
  masterReachable: z.boolean().nullable(),
  /** Events of this register the master does not hold yet. */
  outboxSize: z.number().int().nonnegative(),
  pendingSales: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
  nightlyAt: z.string(),
  /** ISO 4217: prices are shown in the store's currency. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  allowEventualFallback: z.boolean(),
});
export type RegisterStatus = z.infer<typeof registerStatusSchema>;

export const titleLookupSchema = z.object({
  isbn: isbn13Schema,
  title: z.string(),
  author: z.string(),
  priceCents: z.number().int().nonnegative(),
  section: z.string(),
  onHand: z.number().int(),
});
export type TitleLookup = z.infer<typeof titleLookupSchema>;

export const receiptSchema = z.object({
  receiptId: z.string(),
  receiptNo: z.number().int().positive(),
  kind: z.enum(['SALE', 'RETURN']),
  storeId: storeIdSchema,
  originId: originIdSchema,
  cashier: z.string(),
  createdAt: z.string(),
  hlc: z.string(),
  payment: z.discriminatedUnion('method', [
    z.object({
      method: z.literal('cash'),
      tenderedCents: z.number().int(),
      changeCents: z.number().int(),
    }),
    z.object({ method: z.literal('card'), reference: z.string().nullable() }),
  ]),
  totalCents: z.number().int().nonnegative(),
  status: z.enum(['pending', 'final', 'cancelled']),
  originalReceiptId: z.string().nullable(),
  lines: z.array(receiptLineSchema),
});
export type ReceiptView = z.infer<typeof receiptSchema>;

/** A receipt together with its printed form (42 columns for an 80 mm roll). */
export const printableReceiptSchema = z.object({ receipt: receiptSchema, text: z.string() });
export type PrintableReceipt = z.infer<typeof printableReceiptSchema>;

export const strongOutcomeSchema = z.discriminatedUnion('status', [
  printableReceiptSchema.extend({
    status: z.literal('confirmed'),
    /** The master's on-hand for each title sold, after the sale. */
    masterOnHand: z.record(z.string(), z.number().int()),
  }),
  printableReceiptSchema.extend({
    status: z.literal('master-unreachable'),
    message: z.string(),
    /** Whether a manager may finish this sale in eventual mode. */
    canFallBack: z.boolean(),
  }),
  printableReceiptSchema.extend({
    status: z.literal('rejected'),
    code: z.string(),
    message: z.string(),
    /** For INSUFFICIENT_STOCK: the title (isbn) and the master's count (onHand). */
    detail: z.record(z.string(), z.unknown()),
  }),
]);
export type StrongOutcome = z.infer<typeof strongOutcomeSchema>;

export const saleOutcomeSchema = z.discriminatedUnion('status', [
  printableReceiptSchema.extend({ status: z.literal('recorded') }),
  ...strongOutcomeSchema.options,
]);
export type SaleOutcome = z.infer<typeof saleOutcomeSchema>;

export const saleRequestSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        isbn: scanSchema,
        qty: qtySchema,
        /** Defaults to the catalog price. */
        unitPriceCents: centsSchema.optional(),
      }),
    )
    .min(1, 'a sale needs at least one book')
    .max(500),
  payment: paymentInputSchema,
});
export type SaleRequest = z.input<typeof saleRequestSchema>;

export const returnRequestSchema = z.strictObject({
  originalReceiptId: receiptIdSchema,
  lines: z
    .array(z.strictObject({ isbn: scanSchema, qty: qtySchema }))
    .min(1, 'a return needs at least one book')
    .max(500),
  refund: paymentInputSchema,
});

const storeCountSchema = z.object({
  storeId: storeIdSchema,
  name: z.string(),
  onHand: z.number().int(),
});

/** Other stores' counts as the master has them; 'unknown' is an answer, not an error. */
export const availabilitySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('known'),
    isbn: isbn13Schema,
    elsewhere: z.array(storeCountSchema),
  }),
  z.object({
    status: z.literal('unknown'),
    isbn: isbn13Schema,
    reason: z.enum(['not-enrolled', 'master-unreachable']),
    message: z.string(),
  }),
]);
export type Availability = z.infer<typeof availabilitySchema>;

export const deliveryRequestSchema = z.strictObject({
  reference: z.string().trim().max(200).default(''),
  lines: z
    .array(z.strictObject({ isbn: scanSchema, qty: z.number().int().min(1).max(100_000) }))
    .min(1, 'a delivery needs at least one book')
    .max(50_000),
});

export const deliveryResultSchema = z.object({
  events: z.number().int().nonnegative(),
  titles: z.array(z.object({ isbn: isbn13Schema, onHand: z.number().int() })),
});

export const syncProgressSchema = z.object({
  phase: z.enum(['push', 'pull', 'done']),
  eventsDone: z.number().int().nonnegative(),
  eventsTotal: z.number().int().nonnegative(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const syncResultSchema = z.object({
  pushed: z.number().int().nonnegative(),
  pulled: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  rotatedOrigin: z.string().optional(),
});

export const syncRunSchema = z.object({
  runId: z.number().int(),
  kind: z.enum(['batch', 'strong-sale', 'repair']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  pushed: z.number().int(),
  pulled: z.number().int(),
  outcome: z.enum(['ok', 'failed', 'interrupted']).nullable(),
  message: z.string().nullable(),
});
export type SyncRun = z.infer<typeof syncRunSchema>;

export const printOutcomeSchema = z.discriminatedUnion('via', [
  /** The browser shell: the page prints itself (window.print with its 80 mm print CSS). */
  z.object({ via: z.literal('page') }),
  z.object({ via: z.literal('printer') }),
  /** The cashier closed the printer's dialog. */
  z.object({ via: z.literal('cancelled') }),
  /** No printer answered: the receipt was saved as a PDF instead. */
  z.object({ via: z.literal('pdf'), path: z.string(), reason: z.string() }),
]);
export type PrintOutcome = z.infer<typeof printOutcomeSchema>;

/** What read repair concluded for a disputed scan (the ledger had fewer on hand than the counter). */
export const repairOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('no-dispute'), isbn: isbn13Schema, onHand: z.number().int() }),
  z.object({
    outcome: z.literal('agreed'),
    repairId: z.number().int().positive(),
    isbn: isbn13Schema,
    localBefore: z.number().int(),
    onHand: z.number().int(),
    masterOnHand: z.number().int(),
    eventsIn: z.number().int().nonnegative(),
    eventsOut: z.number().int().nonnegative(),
  }),
  z.object({
    outcome: z.literal('discrepancy'),
    repairId: z.number().int().positive(),
    isbn: isbn13Schema,
    localBefore: z.number().int(),
    onHand: z.number().int(),
    masterOnHand: z.number().int(),
    /** The correction to confirm: from the ledger's count to the copies at the counter. */
    proposed: z.object({ from: z.number().int(), to: z.number().int() }),
    eventsIn: z.number().int().nonnegative(),
    eventsOut: z.number().int().nonnegative(),
  }),
  z.object({
    outcome: z.literal('unverified'),
    repairId: z.number().int().positive(),
    isbn: isbn13Schema,
    onHand: z.number().int(),
    message: z.string(),
  }),
]);
export type RepairOutcomeView = z.infer<typeof repairOutcomeSchema>;

export const checkScanRequestSchema = z.strictObject({
  isbn: scanSchema,
  /** Copies of the title in the cart, the one just scanned included. */
  atCounter: qtySchema,
});

const repairDecisionSchema = z.strictObject({
  repairId: z.number().int().positive(),
});

export const correctionResultSchema = z.object({
  isbn: isbn13Schema,
  /** The ledger's count after the decision. */
  onHand: z.number().int(),
  /** False when the count had caught up meanwhile and nothing needed adjusting. */
  adjusted: z.boolean(),
});

const stocktakeIdSchema = z.string().min(1, 'a stocktake id is needed').max(200);

/** What a stocktake counts: every title the store stocks, or one section of the catalog. */
export const stocktakeScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({
    kind: z.literal('section'),
    section: z.string().trim().min(1, 'name the section to count').max(100),
  }),
]);
export type StocktakeScopeInput = z.infer<typeof stocktakeScopeSchema>;

/** The open stocktake as the manager's screen follows it: titles counted of those expected. */
export const stocktakeViewSchema = z.object({
  stocktakeId: z.string(),
  startedAt: z.string(),
  startedBy: z.string(),
  scope: stocktakeScopeSchema.optional(),
  rows: z.array(
    z.object({
      isbn: isbn13Schema,
      title: z.string(),
      expected: z.number().int(),
      counted: z.number().int().nullable(),
    }),
  ),
  titlesExpected: z.number().int().nonnegative(),
  titlesCounted: z.number().int().nonnegative(),
});
export type StocktakeView = z.infer<typeof stocktakeViewSchema>;

export const discrepancyReportSchema = z.object({
  stocktakeId: z.string(),
  rows: z.array(
    z.object({
      isbn: isbn13Schema,
      title: z.string(),
      author: z.string(),
      section: z.string(),
      expected: z.number().int(),
      counted: z.number().int().nullable(),
      difference: z.number().int(),
      differenceAtPriceCents: z.number().int(),
      /** Sales or deliveries while the title was being counted: worth a second look. */
      uncertainMovements: z.number().int().nonnegative(),
    }),
  ),
  totals: z.object({
    titlesExpected: z.number().int(),
    titlesCounted: z.number().int(),
    titlesUncounted: z.number().int(),
    expectedCopies: z.number().int(),
    countedCopies: z.number().int(),
    shrinkageCopies: z.number().int(),
    foundCopies: z.number().int(),
    differenceAtCostCents: z.number().int(),
    differenceAtPriceCents: z.number().int(),
    uncertainMovements: z.number().int(),
  }),
});
export type DiscrepancyReportView = z.infer<typeof discrepancyReportSchema>;

/**
 * Where the register is in its start: opening its ledger (and, on a first run, setting up the
 * demo), upgrading a ledger an earlier version wrote (the longest part, with its progress), ready,
 * or stopped by a failure a person must act on. Until it is ready every other call is refused
 * with STARTING.
 */
export const startupViewSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('opening') }),
  z.object({
    phase: z.literal('upgrading'),
    /** What the upgrade is doing, for a person: "reorganising the event log". */
    step: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  z.object({ phase: z.literal('ready') }),
  z.object({ phase: z.literal('failed'), message: z.string() }),
]);
export type StartupView = z.infer<typeof startupViewSchema>;

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const registerApi = {
  ...reportsCalls,
  ...syncCalls,
  ...receiptsCalls,
  ...staffCalls,
  startup: call(noInput, startupViewSchema),
  status: call(noInput, registerStatusSchema),
  lookupTitle: call(z.strictObject({ scan: scanSchema }), titleLookupSchema),
  sell: call(saleRequestSchema, saleOutcomeSchema),
  pendingSales: call(noInput, z.array(printableReceiptSchema)),
  retryPending: call(z.strictObject({ receiptId: receiptIdSchema }), strongOutcomeSchema),
  cancelPending: call(z.strictObject({ receiptId: receiptIdSchema }), printableReceiptSchema),
  finishPendingEventually: call(
    z.strictObject({ receiptId: receiptIdSchema }),
    printableReceiptSchema,
  ),
  getReceipt: call(z.strictObject({ receiptId: receiptIdSchema }), printableReceiptSchema),
  printReceipt: call(z.strictObject({ receiptId: receiptIdSchema }), printOutcomeSchema),
  returnItems: call(returnRequestSchema, printableReceiptSchema),
  availability: call(z.strictObject({ isbn: scanSchema }), availabilitySchema),
  receiveDelivery: call(deliveryRequestSchema, deliveryResultSchema),
  checkScan: call(checkScanRequestSchema, repairOutcomeSchema),
  confirmCorrection: call(repairDecisionSchema, correctionResultSchema),
  declineCorrection: call(repairDecisionSchema, correctionResultSchema),
  stocktakeCurrent: call(noInput, stocktakeViewSchema.nullable()),
  stocktakeStart: call(
    /** Every title the store stocks unless a section is named. */
    z.strictObject({ scope: stocktakeScopeSchema.optional() }),
    z.object({ view: stocktakeViewSchema, synced: z.boolean() }),
  ),
  /** One scan is one copy on the shelf. */
  stocktakeScan: call(
    z.strictObject({ stocktakeId: stocktakeIdSchema, scan: scanSchema }),
    stocktakeViewSchema,
  ),
  stocktakeSetCount: call(
    z.strictObject({
      stocktakeId: stocktakeIdSchema,
      scan: scanSchema,
      counted: z.number().int().min(0).max(100_000),
    }),
    stocktakeViewSchema,
  ),
  stocktakeReport: call(
    z.strictObject({ stocktakeId: stocktakeIdSchema }),
    discrepancyReportSchema,
  ),
  stocktakeCsv: call(
    z.strictObject({ stocktakeId: stocktakeIdSchema }),
    z.object({ filename: z.string(), csv: z.string() }),
  ),
  stocktakeCommit: call(
    z.strictObject({
      stocktakeId: stocktakeIdSchema,
      uncountedAsZero: z.boolean(),
    }),
    z.object({
      countedTitles: z.number().int().nonnegative(),
      zeroedTitles: z.number().int().nonnegative(),
      events: z.number().int().nonnegative(),
    }),
  ),
  syncNow: call(noInput, syncResultSchema),
  syncHistory: call(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
    z.array(syncRunSchema),
  ),
  setMode: call(z.strictObject({ mode: syncModeSchema }), registerStatusSchema),
  setSchedule: call(
    z.strictObject({
      nightlyAt: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'the nightly time must be HH:MM, 00:00 to 23:59'),
    }),
    registerStatusSchema,
  ),
  enrol: call(
    z.strictObject({
      masterUrl: z.url({ protocol: /^https?$/, error: 'the master URL must be http(s)://…' }),
      code: z.string().trim().min(6, 'an enrolment code has at least 6 characters').max(64),
      registerName: z.string().trim().min(1, 'name this register').max(100),
    }),
    registerStatusSchema,
  ),
} as const;

export type RegisterApi = typeof registerApi;
export type RegisterApiMethod = keyof RegisterApi;
/** What a caller sends (defaults may be left out). */
export type ApiInput<M extends RegisterApiMethod> = z.input<RegisterApi[M]['input']>;
/** What a handler receives, after validation. */
export type ApiParsedInput<M extends RegisterApiMethod> = z.output<RegisterApi[M]['input']>;
export type ApiOutput<M extends RegisterApiMethod> = z.output<RegisterApi[M]['output']>;

export const REGISTER_API_METHODS = Object.keys(registerApi) as RegisterApiMethod[];

export function isRegisterApiMethod(name: unknown): name is RegisterApiMethod {
  return typeof name === 'string' && Object.hasOwn(registerApi, name);
}

/** Pushed to the page as things happen, without a call. */
export const registerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sync-progress'), progress: syncProgressSchema }),
  z.object({
    type: z.literal('sync-finished'),
    ok: z.boolean(),
    /** What the batch moved, when it finished. */
    result: syncResultSchema.optional(),
    /** Why it stopped, when it did not. */
    message: z.string().optional(),
  }),
  z.object({ type: z.literal('status'), status: registerStatusSchema }),
  /** Who is signed in, and whether the register is locked, after every change. */
  z.object({ type: z.literal('session'), session: sessionViewSchema }),
]);
export type RegisterEvent = z.infer<typeof registerEventSchema>;

/** Every answer, over either shell: a value, or an error a person can read. */
export const apiErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Prefix of every IPC channel the Electron shell uses. */
export const IPC_PREFIX = 'bookcase:';
export const IPC_EVENT_CHANNEL = `${IPC_PREFIX}event`;
export const ipcChannelOf = (method: RegisterApiMethod): string => `${IPC_PREFIX}${method}`;

/** The one object the Electron preload exposes to the page (as `window.bookcase`). */
export interface BookcaseBridge {
  readonly shell: 'electron';
  invoke<M extends RegisterApiMethod>(
    method: M,
    input: ApiInput<M>,
  ): Promise<ApiResult<ApiOutput<M>>>;
  onEvent(listener: (event: RegisterEvent) => void): () => void;
}

/** The browser shell's HTTP surface: POST /api/<method>, events streamed from POST /api/events. */
export const HTTP_API_PREFIX = '/api/';
export const HTTP_EVENTS_PATH = '/api/events';
export const HTTP_KEY_HEADER = 'x-bookcase-key';
export const KEY_META_NAME = 'bookcase-key';
