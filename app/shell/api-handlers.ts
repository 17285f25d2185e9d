// The register API implemented over the register core: one handler per call in the contract
// (app/protocol/register-api.ts), typed by it. Both shells dispatch to this same map, so the
// Electron window and the browser shell cannot drift apart.
import { receiptText } from '../ledger/receipt-text.js';
import type { Receipt } from '../ledger/sales.js';
import type {
  ApiOutput,
  ApiParsedInput,
  PrintOutcome,
  PrintableReceipt,
  RegisterApiMethod,
  RegisterStatus,
  SaleOutcome,
  StocktakeView,
} from '../protocol/register-api.js';
import type { Register } from '../register/register.js';
import { requireSection } from '../reports/catalog-sections.js';
import { repairById } from '../repair/repair-log.js';
import { UserError } from '../shared/errors.js';
import { MasterUnreachableError } from '../sync/master-client.js';
import { recentRuns } from '../sync/run-history.js';
import type { StrongSaleOutcome } from '../sync/strong-sale.js';
import type { RegisterEvents } from './register-events.js';
import { managerRequired, signedOut } from '../staff/access-errors.js';
import type { StaffSession } from '../staff/staff-session.js';
import { staffPolicyOf } from '../staff/staff-policy.js';
import type { StaffIdentity, StaffStore } from '../staff/staff-store.js';
import { createStaffHandlers } from './staff-handlers.js';
import { createReceiptsHandlers } from './receipts-handlers.js';
import { createReportHandlers } from './reports-handlers.js';
import { createSyncHandlers } from './sync-handlers.js';

export type { StaffIdentity };

/** What the shell carrying one call can do for it. */
export interface CallContext {
  /** Who makes the call: filled by the dispatcher after its access check. */
  staff?: StaffIdentity;
  /** The manager whose PIN approved this call for a cashier. */
  approvedBy?: StaffIdentity;
  /** Uses up a manager's pending approval (for a check only the handler can make). */
  takeManagerApproval?: () => StaffIdentity | undefined;
  /** The Electron shell prints through the sending window; the browser page prints itself. */
  print?: (receipt: PrintableReceipt) => Promise<PrintOutcome>;
}

/**
 * Who a call's events are recorded against: the signed-in person, and the approving manager when
 * a manager's PIN let a cashier do it ("Casey (approved by Morgan)", within an event's 64
 * characters since names have at most 24). No one signed in: the call is refused, never recorded
 * against a made-up name.
 */
export function actorOf(context: CallContext): string {
  if (!context.staff) throw signedOut();
  return context.approvedBy
    ? `${context.staff.name} (approved by ${context.approvedBy.name})`
    : context.staff.name;
}

/** For a rule only the handler can judge (a large correction): a manager, or a manager's PIN. */
export function asManager(context: CallContext, what: string): CallContext {
  if (context.staff?.role === 'manager' || context.approvedBy) return context;
  const approvedBy = context.takeManagerApproval?.();
  if (!approvedBy) throw managerRequired(what);
  return { ...context, approvedBy };
}

export type ApiHandler<M extends RegisterApiMethod> = (
  input: ApiParsedInput<M>,
  context: CallContext,
) => Promise<ApiOutput<M>>;

export type ApiHandlers = { [M in RegisterApiMethod]: ApiHandler<M> };

export interface HandlerOptions {
  /** Who is at the register: the one session both shells share. */
  session: StaffSession;
  staff: StaffStore;
  /** Called after enrolment, so the shell starts what needs a master. */
  onEnrolled?: () => void;
}

export function statusOf(register: Register): RegisterStatus {
  const settings = register.ledger.settings;
  return {
    ...register.status(),
    currency: settings.get('currency') ?? 'USD',
    allowEventualFallback: settings.get('allow_eventual_fallback') === 'yes',
  };
}

export function createApiHandlers(
  register: Register,
  events: RegisterEvents,
  options: HandlerOptions,
): ApiHandlers {
  const printable = (receipt: Receipt): PrintableReceipt => {
    const settings = register.ledger.settings;
    let storeName = receipt.storeId;
    try {
      storeName = register.ledger.catalog.store(receipt.storeId).name;
    } catch {
      // A store not in the catalog yet prints under its id rather than not printing at all.
    }
    return { receipt, text: receiptText(receipt, storeName, settings.get('currency') ?? 'USD') };
  };

  const strong = (outcome: StrongSaleOutcome): Exclude<SaleOutcome, { status: 'recorded' }> => {
    const { receipt, ...rest } = outcome;
    return { ...rest, ...printable(receipt) };
  };

  // Counts, the outbox and reachability change with most calls; the page's status bar follows.
  const announceStatus = () => events.emit({ type: 'status', status: statusOf(register) });
  const announcing = <T>(value: T): T => {
    announceStatus();
    return value;
  };

  // An id the register never issued is the caller's mistake (a 4xx), not a fault of the register.
  const knownRepair = (repairId: number) => {
    try {
      return repairById(register.ledger, repairId);
    } catch {
      throw new UserError('INVALID_INPUT', `There is no repair ${repairId} at this register.`);
    }
  };

  // Only the open stocktake can be counted, reported or committed; any other id is refused.
  const openStocktake = (stocktakeId: string) => {
    const open = register.stocktake.current();
    if (!open || open.stocktakeId !== stocktakeId) {
      throw new UserError('INVALID_INPUT', `Stocktake ${stocktakeId} is not the open stocktake.`);
    }
    return open;
  };
  const stocktakeView = (stocktakeId: string): StocktakeView => {
    const { session, ...view } = register.stocktake.view(stocktakeId);
    return {
      stocktakeId: session.stocktakeId,
      startedAt: session.startedAt,
      startedBy: session.startedBy,
      // A list of titles (not startable from the screens) has no scope the view can name.
      ...(session.scope.kind === 'titles' ? {} : { scope: session.scope }),
      ...view,
    };
  };
  const later = <T>(work: () => T): Promise<T> => Promise.resolve().then(work);

  return {
    ...createReportHandlers(register),
    ...createSyncHandlers(register),
    ...createReceiptsHandlers(register, { announce: announceStatus }),
    ...createStaffHandlers(register, options.session, options.staff),
    // Handlers exist only once the register has opened (startup.ts answers before that).
    startup: () => Promise.resolve({ phase: 'ready' as const }),
    status: () => Promise.resolve(statusOf(register)),

    lookupTitle: ({ scan }) => {
      const { isbn, title, author, priceCents, section, onHand } = register.title(scan);
      return Promise.resolve({ isbn, title, author, priceCents, section, onHand });
    },

    sell: async (input, context) => {
      const outcome = await register.sell({ ...input, cashier: actorOf(context) });
      if (outcome.status === 'recorded') {
        return announcing({ status: 'recorded', ...printable(outcome.receipt) });
      }
      return announcing(strong(outcome));
    },

    pendingSales: () => Promise.resolve(register.pendingSales().map(printable)),

    retryPending: async ({ receiptId }) =>
      announcing(strong(await register.retryPending(receiptId))),

    cancelPending: ({ receiptId }, context) =>
      Promise.resolve(announcing(printable(register.cancelPending(receiptId, actorOf(context))))),

    finishPendingEventually: ({ receiptId }) =>
      Promise.resolve(announcing(printable(register.finishPendingEventually(receiptId)))),

    getReceipt: ({ receiptId }) => Promise.resolve(printable(register.receipt(receiptId))),

    printReceipt: async ({ receiptId }, context) => {
      const receipt = printable(register.receipt(receiptId));
      return context.print ? context.print(receipt) : { via: 'page' };
    },

    returnItems: (input, context) =>
      Promise.resolve(
        announcing(printable(register.returnItems({ ...input, cashier: actorOf(context) }))),
      ),

    availability: async ({ isbn: scan }) => {
      const { isbn } = register.title(scan);
      try {
        const answer = await register.availability(isbn);
        return {
          status: 'known',
          isbn,
          elsewhere: answer.stores.filter((store) => store.storeId !== register.ledger.storeId),
        };
      } catch (error) {
        if (error instanceof UserError && error.code === 'NOT_ENROLLED') {
          return { status: 'unknown', isbn, reason: 'not-enrolled', message: error.message };
        }
        if (error instanceof MasterUnreachableError) {
          return { status: 'unknown', isbn, reason: 'master-unreachable', message: error.message };
        }
        throw error;
      }
    },

    receiveDelivery: (input, context) => {
      const appended = register.deliver({ ...input, actor: actorOf(context) });
      const isbns = [...new Set(appended.map((event) => event.isbn))];
      return Promise.resolve(
        announcing({
          events: appended.length,
          titles: isbns.map((isbn) => ({ isbn, onHand: register.ledger.onHand(isbn) })),
        }),
      );
    },

    checkScan: async (input, context) =>
      announcing(await register.checkScan({ ...input, actor: actorOf(context) })),

    confirmCorrection: async ({ repairId }, context) => {
      const { isbn, atCounter } = knownRepair(repairId);
      const threshold = staffPolicyOf(register.ledger.settings).correctionManagerThreshold;
      const change = Math.abs(atCounter - register.ledger.onHand(isbn));
      const approved =
        change > threshold
          ? asManager(context, `A correction of ${change} copies (more than ${threshold})`)
          : context;
      const event = await register.confirmCorrection(repairId, actorOf(approved));
      return announcing({ isbn, onHand: register.ledger.onHand(isbn), adjusted: event !== null });
    },

    // Refusals arrive as a rejected promise, like every other call's.
    declineCorrection: ({ repairId }, context) =>
      Promise.resolve().then(() => {
        const { isbn } = knownRepair(repairId);
        register.declineCorrection(repairId, actorOf(context));
        return announcing({ isbn, onHand: register.ledger.onHand(isbn), adjusted: false });
      }),

    stocktakeCurrent: () =>
      later(() => {
        const open = register.stocktake.current();
        return open ? stocktakeView(open.stocktakeId) : null;
      }),

    stocktakeStart: async ({ scope = { kind: 'all' } }, context) => {
      if (scope.kind === 'section') requireSection(register.ledger, scope.section);
      const { session, synced } = await register.stocktake.start({
        actor: actorOf(context),
        scope,
      });
      return announcing({ view: stocktakeView(session.stocktakeId), synced });
    },

    stocktakeScan: ({ stocktakeId, scan }) =>
      later(() => {
        openStocktake(stocktakeId);
        register.stocktake.scan(stocktakeId, register.title(scan).isbn);
        return stocktakeView(stocktakeId);
      }),

    stocktakeSetCount: ({ stocktakeId, scan, counted }) =>
      later(() => {
        openStocktake(stocktakeId);
        register.stocktake.setCount(stocktakeId, register.title(scan).isbn, counted);
        return stocktakeView(stocktakeId);
      }),

    stocktakeReport: ({ stocktakeId }) =>
      later(() => {
        const report = register.stocktake.report(stocktakeId);
        return {
          stocktakeId: report.stocktakeId,
          totals: report.totals,
          rows: report.rows.map((row) => ({
            isbn: row.isbn,
            title: row.title,
            author: row.author,
            section: row.section,
            expected: row.expected,
            counted: row.counted,
            difference: row.difference,
            differenceAtPriceCents: row.differenceAtPriceCents,
            uncertainMovements: row.movements.filter((m) => m.treatment === 'uncertain').length,
          })),
        };
      }),

    stocktakeCsv: ({ stocktakeId }) =>
      later(() => ({
        filename: `stocktake-${register.ledger.storeId}-${stocktakeId.slice(0, 8)}.csv`,
        csv: register.stocktake.csv(stocktakeId),
      })),

    stocktakeCommit: ({ stocktakeId, uncountedAsZero }, context) =>
      later(() => {
        openStocktake(stocktakeId);
        const result = register.stocktake.commit(stocktakeId, {
          actor: actorOf(context),
          uncountedAsZero,
        });
        return announcing({
          countedTitles: result.countedTitles,
          zeroedTitles: result.zeroedTitles,
          events: result.events.length,
        });
      }),

    syncNow: async () => {
      try {
        const result = await register.syncNow((progress) =>
          events.emit({ type: 'sync-progress', progress }),
        );
        events.emit({ type: 'sync-finished', ok: true, result });
        return announcing(result);
      } catch (error) {
        events.emit({
          type: 'sync-finished',
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        });
        announceStatus();
        throw error;
      }
    },

    syncHistory: ({ limit }) => Promise.resolve(recentRuns(register.ledger, limit)),

    setMode: ({ mode }) => {
      register.setMode(mode);
      return Promise.resolve(announcing(statusOf(register)));
    },

    setSchedule: ({ nightlyAt }) => {
      register.setNightlyAt(nightlyAt);
      return Promise.resolve(announcing(statusOf(register)));
    },

    enrol: async (input) => {
      await register.enrol(input);
      options.onEnrolled?.();
      return announcing(statusOf(register));
    },
  };
}
