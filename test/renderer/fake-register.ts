// A register API for screen tests: each call answers from a function the test supplies, and every
// call is recorded, so a test can both drive the screen and see exactly what it asked for.
import { vi } from 'vitest';
import type {
  ApiInput,
  ApiOutput,
  ApiResult,
  PrintableReceipt,
  RegisterApiMethod,
  RegisterEvent,
  RegisterStatus,
  TitleLookup,
} from '../../app/protocol/register-api.js';
import type { SessionView } from '../../app/protocol/staff-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { createRegisterClient, type Transport } from '../../renderer/api/register-client.js';

type Answers = {
  [M in RegisterApiMethod]?: (input: ApiInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>;
};

export const STATUS: RegisterStatus = {
  storeId: 'uptown',
  storeName: 'Uptown',
  registerName: 'Counter 1',
  originId: '0123456789abcdef0123456789abcdef',
  mode: 'eventual',
  enrolled: true,
  masterUrl: 'http://127.0.0.1:9',
  masterReachable: true,
  outboxSize: 0,
  pendingSales: 0,
  lastSyncAt: null,
  nightlyAt: '02:00',
  currency: 'USD',
  allowEventualFallback: true,
};

export const SIGNED_IN: SessionView = {
  signedIn: { name: 'Morgan', role: 'manager' },
  locked: false,
  noStaffYet: false,
  idleLockMinutes: 5,
};

export const TITLES: Record<string, TitleLookup> = {
  '9780558373306': {
    isbn: '9780558373306',
    title: 'Tide of the Midnight Atlas',
    author: 'Elena Whitfield',
    priceCents: 2099,
    section: 'Fiction',
    onHand: 2,
  },
  '9781645595021': {
    isbn: '9781645595021',
    title: 'The Midnight Orchard',
    author: 'Samuel Whitfield',
    priceCents: 1099,
    section: 'Mystery',
    onHand: 0,
  },
};

export function receiptFor(
  lines: { isbn: string; qty: number; unitPriceCents?: number | undefined }[],
  payment: PrintableReceipt['receipt']['payment'],
  status: PrintableReceipt['receipt']['status'] = 'final',
): PrintableReceipt {
  const receiptLines = lines.map((line, index) => {
    const title = TITLES[line.isbn];
    if (!title) throw new Error(`no test title ${line.isbn}`);
    const unit = line.unitPriceCents ?? title.priceCents;
    return {
      lineNo: index + 1,
      isbn: line.isbn,
      title: title.title,
      author: title.author,
      qty: line.qty,
      unitPriceCents: unit,
      lineTotalCents: unit * line.qty,
      event: { originId: STATUS.originId, seq: index + 1 },
    };
  });
  return {
    receipt: {
      receiptId: `${STATUS.originId}-000001`,
      receiptNo: 1,
      kind: 'SALE',
      storeId: 'uptown',
      originId: STATUS.originId,
      cashier: 'counter',
      createdAt: '2026-11-24T10:00:00.000Z',
      hlc: '001790000000000.00000',
      payment,
      totalCents: receiptLines.reduce((sum, line) => sum + line.lineTotalCents, 0),
      status,
      originalReceiptId: null,
      lines: receiptLines,
    },
    text: `RECEIPT TEXT ${status}`,
  };
}

export function fakeRegister(answers: Answers = {}) {
  const calls: { method: RegisterApiMethod; input: unknown }[] = [];
  const listeners = new Set<(event: RegisterEvent) => void>();
  const defaults: Answers = {
    status: () => STATUS,
    // Signed in as the demo manager unless a test says otherwise: the screens are what it tests.
    staffSession: () => SIGNED_IN,
    staffPolicy: () => ({ idleLockMinutes: 5, correctionManagerThreshold: 2 }),
    pendingSales: () => [],
    lookupTitle: ({ scan }) => {
      const title = TITLES[scan];
      if (!title)
        throw new ApiError({
          code: 'UNKNOWN_TITLE',
          message: `No title with ISBN ${scan} is in the catalog.`,
        });
      return title;
    },
    // No master opinion unless a test asks for one: the copies at the counter are believed.
    checkScan: ({ isbn }) => ({ outcome: 'no-dispute', isbn, onHand: TITLES[isbn]?.onHand ?? 0 }),
    availability: ({ isbn }) => ({
      status: 'known',
      isbn,
      elsewhere: [{ storeId: 'riverside', name: 'Riverside', onHand: 4 }],
    }),
  };
  const transport: Transport = {
    shell: 'browser',
    async invoke<M extends RegisterApiMethod>(method: M, input: ApiInput<M>) {
      calls.push({ method, input });
      const answer = answers[method] ?? defaults[method];
      if (!answer) throw new Error(`the test did not expect a ${method} call`);
      try {
        const result: ApiResult<ApiOutput<M>> = { ok: true, value: await answer(input) };
        return result;
      } catch (error) {
        if (error instanceof ApiError)
          return { ok: false, error: { code: error.code, message: error.message } };
        throw error;
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    api: createRegisterClient(transport),
    calls,
    callsTo: (method: RegisterApiMethod) =>
      calls.filter((call) => call.method === method).map((call) => call.input),
    emit: (event: RegisterEvent) => listeners.forEach((listener) => listener(event)),
    spy: vi.fn(),
  };
}
