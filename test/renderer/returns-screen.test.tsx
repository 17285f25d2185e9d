// @vitest-environment happy-dom
// The Returns screen over a fake register that keeps what came back: a receipt found by its
// printed number, copies taken back with a refund (never more than remain, and the register's own
// refusal shown as it is), the refund receipt, and a reprint of the original.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReturnableReceiptView } from '../../app/protocol/receipts-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { ReturnsScreen } from '../../renderer/returns/ReturnsScreen.js';
import { fakeRegister, receiptFor, STATUS, TITLES } from './fake-register.js';

const TIDE = '9780558373306'; // $20.99
const ORCHARD = '9781645595021'; // $10.99
const PRINTED = `${STATUS.originId.slice(0, 8)}-1`;

afterEach(cleanup);

function fakeStore(options: { otherTillReturns?: number } = {}) {
  const sale = receiptFor(
    [
      { isbn: TIDE, qty: 2 },
      { isbn: ORCHARD, qty: 1 },
    ],
    { method: 'cash', tenderedCents: 60_00, changeCents: 60_00 - 52_97 },
  );
  const returned = new Map<string, number>();
  const summary = {
    receiptId: sale.receipt.receiptId,
    printedNo: PRINTED,
    receiptNo: 1,
    kind: 'SALE' as const,
    status: 'final' as const,
    createdAt: sale.receipt.createdAt,
    cashier: 'counter',
    totalCents: sale.receipt.totalCents,
    items: 3,
    originalReceiptId: null,
  };
  const view = (): ReturnableReceiptView => ({
    summary,
    lines: sale.receipt.lines.map((line) => {
      const back = returned.get(line.isbn) ?? 0;
      return {
        lineNo: line.lineNo,
        isbn: line.isbn,
        title: line.title,
        author: line.author,
        qty: line.qty,
        unitPriceCents: line.unitPriceCents,
        returned: back,
        returnable: line.qty - back,
      };
    }),
    refusal: null,
  });
  const fake = fakeRegister({
    findReceipts: ({ query }) => {
      if (query === '' || query === PRINTED) return [summary];
      if (/^\d+$/.test(query)) return [];
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `"${query}" is not a receipt number. Type the receipt number as printed.`,
      });
    },
    returnableReceipt: () => view(),
    getReceipt: () => ({ ...sale, text: 'ORIGINAL SALE RECEIPT' }),
    printReceipt: () => ({ via: 'page' }),
    returnItems: ({ lines, refund }) => {
      // Another till may have taken copies back since this screen looked.
      returned.set(TIDE, (returned.get(TIDE) ?? 0) + (options.otherTillReturns ?? 0));
      options.otherTillReturns = 0;
      for (const line of lines) {
        const sold = sale.receipt.lines.find((l) => l.isbn === line.isbn)?.qty ?? 0;
        const left = sold - (returned.get(line.isbn) ?? 0);
        if (line.qty > left) {
          throw new ApiError({
            code: 'RETURN_EXCEEDS_SALE',
            message: `Receipt ${PRINTED} has ${left} more copy of ${line.isbn} to return, not ${line.qty}.`,
          });
        }
      }
      for (const line of lines) returned.set(line.isbn, (returned.get(line.isbn) ?? 0) + line.qty);
      const printable = receiptFor(
        lines,
        refund.method === 'card'
          ? { method: 'card', reference: refund.reference ?? null }
          : { method: 'cash', tenderedCents: 0, changeCents: 0 },
      );
      return {
        receipt: {
          ...printable.receipt,
          receiptId: `${STATUS.originId}-000002`,
          receiptNo: 2,
          kind: 'RETURN',
          originalReceiptId: sale.receipt.receiptId,
        },
        text: 'RETURN / REFUND RECEIPT',
      };
    },
  });
  return { ...fake, returned };
}

async function openByNumber(user: ReturnType<typeof userEvent.setup>) {
  const field = screen.getByLabelText('Receipt number');
  await waitFor(() => expect(document.activeElement).toBe(field));
  await user.type(field, `${PRINTED}{Enter}`);
  await screen.findByTestId('open-receipt');
}

const qtyField = (isbn: string) =>
  within(document.querySelector(`tr[data-isbn="${isbn}"]`) as HTMLElement).getByRole('textbox');

describe('Returns screen', () => {
  it("lists today's receipts and opens one by the number printed on it", async () => {
    const fake = fakeStore();
    const user = userEvent.setup();
    render(<ReturnsScreen api={fake.api} currency="USD" />);
    const list = await screen.findByRole('list', { name: "Today's receipts" });
    expect(within(list).getByRole('button').textContent).toContain(PRINTED);
    expect(within(list).getByRole('button').textContent).toContain('$52.97');
    await openByNumber(user);
    expect(screen.getByTestId('open-receipt').textContent).toContain(`Receipt ${PRINTED}`);
    expect(fake.callsTo('findReceipts')).toEqual([{ query: '' }, { query: PRINTED }]);
    // The first returnable quantity has the cursor.
    expect(document.activeElement).toBe(qtyField(TIDE));
  });

  it('takes one copy back with a card refund, shows the refund receipt and what came back', async () => {
    const fake = fakeStore();
    const user = userEvent.setup();
    render(<ReturnsScreen api={fake.api} currency="USD" />);
    await openByNumber(user);
    await user.type(qtyField(TIDE), '1');
    await user.click(screen.getByRole('radio', { name: 'Card' }));
    await user.type(screen.getByLabelText('Terminal reference (optional)'), 'A1B2');
    const refund = screen.getByRole('button', { name: /Refund \$20\.99 \(1 copy\)/ });
    await user.click(refund);
    const dialog = await screen.findByRole('dialog', { name: 'Refund recorded' });
    expect(fake.callsTo('returnItems')).toEqual([
      {
        originalReceiptId: `${STATUS.originId}-000001`,
        lines: [{ isbn: TIDE, qty: 1 }],
        refund: { method: 'card', reference: 'A1B2' },
      },
    ]);
    expect(within(dialog).getByTestId('receipt-text').textContent).toContain('RETURN / REFUND');
    expect(within(dialog).getByTestId('receipt-refund').textContent).toContain('$20.99');
    expect(within(dialog).getByText('Refund to the card')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: /Done/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const row = document.querySelector(`tr[data-isbn="${TIDE}"]`) as HTMLElement;
    expect(within(row).getByTestId('returned').textContent).toContain('1');
    expect(qtyField(TIDE).getAttribute('aria-label')).toMatch(/up to 1/);
    await waitFor(() => expect(document.activeElement).toBe(qtyField(TIDE)));
  });

  it('refuses more copies than remain before asking the register, and shows its refusal plainly', async () => {
    const fake = fakeStore({ otherTillReturns: 1 });
    const user = userEvent.setup();
    render(<ReturnsScreen api={fake.api} currency="USD" />);
    await openByNumber(user);
    await user.type(qtyField(TIDE), '3');
    expect(screen.getByRole('alert').textContent).toContain(
      `Only 2 copies of “${TITLES[TIDE]?.title}” can still come back.`,
    );
    expect(
      screen.getByRole('button', { name: /Choose copies to return/ }).hasAttribute('disabled'),
    ).toBe(true);
    await user.keyboard('{Enter}');
    expect(fake.callsTo('returnItems')).toEqual([]);

    // Two are allowed here, but another till took one back meanwhile: the register says no.
    await user.clear(qtyField(TIDE));
    await user.type(qtyField(TIDE), '2{Enter}');
    expect((await screen.findByTestId('return-error')).textContent).toContain(
      `Receipt ${PRINTED} has 1 more copy of ${TIDE} to return, not 2.`,
    );
    expect(fake.callsTo('returnItems')).toEqual([
      {
        originalReceiptId: `${STATUS.originId}-000001`,
        lines: [{ isbn: TIDE, qty: 2 }],
        refund: { method: 'cash', tenderedCents: 2 * 2099 },
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('reprints the receipt found: the page prints only its text', async () => {
    const fake = fakeStore();
    const printPage = vi.fn();
    const user = userEvent.setup();
    render(<ReturnsScreen api={fake.api} currency="USD" printPage={printPage} />);
    await openByNumber(user);
    await user.click(screen.getByRole('button', { name: 'Reprint this receipt' }));
    expect(await screen.findByText('Sent to the printer.')).toBeTruthy();
    expect(printPage).toHaveBeenCalledTimes(1);
    expect(fake.callsTo('printReceipt')).toEqual([{ receiptId: `${STATUS.originId}-000001` }]);
    expect(document.querySelector('.print-receipt')?.textContent).toContain(
      'ORIGINAL SALE RECEIPT',
    );
  });

  it('says how to type a receipt number it cannot read, and that none matched', async () => {
    const fake = fakeStore();
    const user = userEvent.setup();
    render(<ReturnsScreen api={fake.api} currency="USD" />);
    const field = screen.getByLabelText('Receipt number');
    await user.type(field, 'tide{Enter}');
    expect((await screen.findByTestId('finder-error')).textContent).toMatch(/as printed/);
    await user.clear(field);
    await user.type(field, '42{Enter}');
    expect(await screen.findByText('No receipt on this register has that number.')).toBeTruthy();
  });

  it('Esc goes back to the list with the cursor in the number field', async () => {
    const fake = fakeStore();
    const user = userEvent.setup();
    render(<ReturnsScreen api={fake.api} currency="USD" />);
    await openByNumber(user);
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByLabelText('Receipt number')),
    );
  });
});
