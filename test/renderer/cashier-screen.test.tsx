// @vitest-environment happy-dom
// The cashier's screen over a fake register API: what the cart shows is what the sale asks the
// register to charge, the change is right, and a strong-mode sale that cannot reach the master
// offers exactly the choices the sync rules allow.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiInput, StrongOutcome } from '../../app/protocol/register-api.js';
import { CashierScreen } from '../../renderer/cashier/CashierScreen.js';
import { CashDialog } from '../../renderer/pay/CashDialog.js';
import { fakeRegister, receiptFor, STATUS, TITLES } from './fake-register.js';

const TIDE = '9780558373306'; // $20.99, 2 on our shelf
const ORCHARD = '9781645595021'; // $10.99, none on our shelf

afterEach(cleanup);

function renderScreen(register = fakeRegister()) {
  const printPage = vi.fn();
  render(<CashierScreen api={register.api} status={STATUS} printPage={printPage} />);
  return { ...register, printPage, user: userEvent.setup() };
}

const rowOf = (isbn: string) => {
  const row = document.querySelector(`tr[data-isbn="${isbn}"]`);
  if (!(row instanceof HTMLElement)) throw new Error(`no cart line for ${isbn}`);
  return row;
};
const total = () => screen.getByTestId('sale-total').textContent;

describe('CashierScreen', () => {
  it('rings up scans into lines and a total, and removing a line takes it off', async () => {
    const { user } = renderScreen();
    await user.keyboard(`${TIDE}{Enter}${ORCHARD}{Enter}${TIDE}{Enter}`);
    await waitFor(() => expect(total()).toBe('$52.97'));
    expect(within(rowOf(TIDE)).getByLabelText(/Quantity of/).textContent).toBe('2');
    const lineTotal = (isbn: string) => rowOf(isbn).querySelector('.line-total')?.textContent;
    expect(lineTotal(TIDE)).toBe('$41.98');
    expect(lineTotal(ORCHARD)).toBe('$10.99');
    expect(screen.getByText('3 books')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove Tide of the Midnight Atlas' }));
    expect(total()).toBe('$10.99');
    expect(document.querySelector(`tr[data-isbn="${TIDE}"]`)).toBeNull();
  });

  it('"+" pressed before a slow lookup answers counts for the book just scanned', async () => {
    let answer: (() => void) | undefined;
    const register = fakeRegister({
      lookupTitle: ({ scan }) =>
        new Promise((resolve) => {
          const title = TITLES[scan];
          if (!title) throw new Error('unexpected scan');
          if (scan === ORCHARD) answer = () => resolve(title);
          else resolve(title);
        }),
    });
    const { user } = renderScreen(register);
    await user.keyboard(`${TIDE}{Enter}`);
    await waitFor(() => expect(total()).toBe('$20.99'));
    await user.keyboard(`${ORCHARD}{Enter}{+}`);
    await waitFor(() => expect(answer).toBeDefined());
    answer?.();
    await waitFor(() => expect(total()).toBe('$42.97'));
    expect(within(rowOf(ORCHARD)).getByLabelText(/Quantity of/).textContent).toBe('2');
    expect(within(rowOf(TIDE)).getByLabelText(/Quantity of/).textContent).toBe('1');
  });

  it('says plainly when a scanned title is not in the catalog, and adds nothing', async () => {
    const { user } = renderScreen();
    await user.keyboard('9780306406157{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toBe(
        'No title with ISBN 9780306406157 is in the catalog.',
      ),
    );
    expect(total()).toBe('$0.00');
  });

  it('shows where else a title is when our shelf has none', async () => {
    const { user } = renderScreen();
    await user.keyboard(`${ORCHARD}{Enter}`);
    await waitFor(() =>
      expect(screen.getByTestId('availability').textContent).toBe(
        'Not on our shelf? Available at Riverside (4).',
      ),
    );
    expect(screen.getByTestId('on-hand').textContent).toBe('None on our shelf');
  });

  it('takes cash from the keyboard alone: F8, the amount, Enter; shows the change and the receipt', async () => {
    const register = fakeRegister({
      sell: (input) => ({
        status: 'recorded',
        ...receiptFor(input.lines, {
          method: 'cash',
          tenderedCents: 10_000,
          changeCents: 10_000 - 5297,
        }),
      }),
      printReceipt: () => ({ via: 'page' }),
    });
    const { user, callsTo, printPage } = renderScreen(register);
    await user.keyboard(`${TIDE}{Enter}{+}${ORCHARD}{Enter}`);
    await waitFor(() => expect(total()).toBe('$52.97'));
    await user.keyboard('{F8}');
    const dialog = await screen.findByRole('dialog', { name: 'Cash payment' });
    await user.keyboard('100');
    expect(within(dialog).getByTestId('change-due').textContent).toBe('$47.03');
    await user.keyboard('{Enter}');

    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(callsTo('sell')).toEqual([
      {
        lines: [
          { isbn: TIDE, qty: 2, unitPriceCents: 2099 },
          { isbn: ORCHARD, qty: 1, unitPriceCents: 1099 },
        ],
        payment: { method: 'cash', tenderedCents: 10_000 },
      } satisfies ApiInput<'sell'>,
    ]);
    expect(screen.getByTestId('receipt-change').textContent).toBe('$47.03');
    expect(screen.getByTestId('receipt-text').textContent).toBe('RECEIPT TEXT final');

    await user.keyboard('p');
    await waitFor(() => expect(printPage).toHaveBeenCalledTimes(1));
    expect(callsTo('printReceipt')).toEqual([{ receiptId: `${STATUS.originId}-000001` }]);

    await user.keyboard('{Enter}'); // Next customer
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(total()).toBe('$0.00');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByLabelText('Scan or type an ISBN')),
    );
  });

  it('refuses cash that does not cover the total without calling the register', async () => {
    const register = fakeRegister({ sell: () => Promise.reject(new Error('must not be called')) });
    const { user, callsTo } = renderScreen(register);
    await user.keyboard(`${TIDE}{Enter}`);
    await waitFor(() => expect(total()).toBe('$20.99'));
    await user.keyboard('{F8}');
    await screen.findByRole('dialog', { name: 'Cash payment' });
    await user.keyboard('20{Enter}');
    expect(screen.getByRole('alert').textContent).toBe(
      '$20.00 does not cover the total of $20.99.',
    );
    expect(callsTo('sell')).toEqual([]);
  });

  describe('strong mode, master unreachable', () => {
    const waiting = (lines: ApiInput<'sell'>['lines']): StrongOutcome => ({
      status: 'master-unreachable',
      ...receiptFor(lines, { method: 'card', reference: null }, 'pending'),
      message: 'The master register cannot be reached.',
      canFallBack: true,
    });

    async function ringUpAndPayByCard(register: ReturnType<typeof fakeRegister>) {
      const view = renderScreen(register);
      await view.user.keyboard(`${TIDE}{Enter}${ORCHARD}{Enter}`);
      await waitFor(() => expect(total()).toBe('$31.98'));
      await view.user.keyboard('{F9}');
      await screen.findByRole('dialog', { name: 'Card payment' });
      await view.user.keyboard('{Enter}');
      return view;
    }

    it('offers retry, cancel and the manager fallback; a retry that fails says so', async () => {
      const register = fakeRegister({
        sell: (input) => waiting(input.lines),
        retryPending: () =>
          waiting([
            { isbn: TIDE, qty: 1 },
            { isbn: ORCHARD, qty: 1 },
          ]),
      });
      const { user, callsTo } = await ringUpAndPayByCard(register);
      const dialog = await screen.findByRole('alertdialog', {
        name: 'The master register cannot be reached',
      });
      expect(
        within(dialog)
          .getAllByRole('button')
          .map((button) => button.textContent),
      ).toEqual(['Try again', 'Cancel the sale', 'Manager: continue in eventual mode']);
      await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(within(dialog).getByText(/still no answer/)).toBeTruthy());
      expect(callsTo('retryPending')).toEqual([{ receiptId: `${STATUS.originId}-000001` }]);
    });

    it('cancelling gives the books back to the cart and says nothing was charged', async () => {
      const register = fakeRegister({
        sell: (input) => waiting(input.lines),
        cancelPending: () =>
          receiptFor(
            [
              { isbn: TIDE, qty: 1 },
              { isbn: ORCHARD, qty: 1 },
            ],
            { method: 'card', reference: null },
            'cancelled',
          ),
      });
      const { user, callsTo } = await ringUpAndPayByCard(register);
      const dialog = await screen.findByRole('alertdialog');
      await user.click(within(dialog).getByRole('button', { name: 'Cancel the sale' }));
      await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
      expect(callsTo('cancelPending')).toEqual([{ receiptId: `${STATUS.originId}-000001` }]);
      expect(total()).toBe('$31.98');
      expect(screen.getByTestId('notice').textContent).toContain('nothing was charged');
    });

    it('a manager can finish the sale in eventual mode, and the receipt follows', async () => {
      const register = fakeRegister({
        sell: (input) => waiting(input.lines),
        finishPendingEventually: () =>
          receiptFor(
            [
              { isbn: TIDE, qty: 1 },
              { isbn: ORCHARD, qty: 1 },
            ],
            { method: 'card', reference: null },
          ),
      });
      const { user, callsTo } = await ringUpAndPayByCard(register);
      const dialog = await screen.findByRole('alertdialog');
      await user.click(
        within(dialog).getByRole('button', { name: 'Manager: continue in eventual mode' }),
      );
      await screen.findByRole('dialog', { name: 'Sale complete' });
      expect(callsTo('finishPendingEventually')).toEqual([
        { receiptId: `${STATUS.originId}-000001` },
      ]);
    });

    it('without the fallback allowed, only retry and cancel are offered', async () => {
      const register = fakeRegister({
        sell: (input) => ({ ...waiting(input.lines), canFallBack: false }),
      });
      await ringUpAndPayByCard(register);
      const dialog = await screen.findByRole('alertdialog');
      expect(
        within(dialog)
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(['Try again', 'Cancel the sale']);
    });
  });
});

describe('CashDialog', () => {
  it('refuses a barcode scanned into the amount field instead of giving a fortune in change', async () => {
    let now = 0;
    const onConfirm = vi.fn();
    render(
      <CashDialog
        isOpen
        totalCents={2099}
        currency="USD"
        busy={false}
        error={null}
        onConfirm={onConfirm}
        onCancel={() => undefined}
        clock={() => now}
      />,
    );
    const user = userEvent.setup();
    const field = screen.getByLabelText('Cash received');
    await waitFor(() => expect(document.activeElement).toBe(field));
    for (const key of '9780558373306') {
      now += 5;
      await user.keyboard(key);
    }
    await user.keyboard('{Enter}');
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('barcode scan, not an amount');
    expect((field as HTMLInputElement).value).toBe('');
    for (const key of '25') {
      now += 200;
      await user.keyboard(key);
    }
    await user.keyboard('{Enter}');
    expect(onConfirm).toHaveBeenCalledWith(2500);
  });
});
