// @vitest-environment happy-dom
// A strong sale the master refuses for lack of stock, on the cashier's screen over a fake
// register: what happened in plain words, the cart left as it was, and each way through: check
// with the master and confirm the copies (then the sale goes again), take the title off, cancel.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiInput, StrongOutcome } from '../../app/protocol/register-api.js';
import type { RefusedTitleCheck } from '../../app/protocol/receipts-api.js';
import { CashierScreen } from '../../renderer/cashier/CashierScreen.js';
import { fakeRegister, receiptFor, STATUS, TITLES } from './fake-register.js';

const TIDE = '9780558373306'; // $20.99
const ORCHARD = '9781645595021'; // $10.99
const ORCHARD_TITLE = TITLES[ORCHARD]?.title ?? '';
const RECEIPT_ID = `${STATUS.originId}-000001`;
const LINES = [
  { isbn: TIDE, qty: 1 },
  { isbn: ORCHARD, qty: 1 },
];

afterEach(cleanup);

const refusal = (lines: ApiInput<'sell'>['lines']): StrongOutcome => ({
  status: 'rejected',
  ...receiptFor(lines, { method: 'card', reference: null }, 'pending'),
  code: 'INSUFFICIENT_STOCK',
  message: `the master's count of ${ORCHARD} would be -1 after this sale; reconcile the title (read repair) and retry`,
  detail: { isbn: ORCHARD, onHand: -1 },
});

const confirmed = (): StrongOutcome => ({
  status: 'confirmed',
  ...receiptFor(LINES, { method: 'card', reference: null }),
  masterOnHand: {},
});

const discrepancy: RefusedTitleCheck = {
  outcome: 'discrepancy',
  isbn: ORCHARD,
  title: ORCHARD_TITLE,
  repairId: 7,
  proposed: { from: -1, to: 0 },
  masterOnHand: -1,
};

async function ringUpAndGetRefused(register: ReturnType<typeof fakeRegister>) {
  render(<CashierScreen api={register.api} status={STATUS} printPage={vi.fn()} />);
  const user = userEvent.setup();
  await user.keyboard(`${TIDE}{Enter}${ORCHARD}{Enter}`);
  await waitFor(() => expect(screen.getByTestId('sale-total').textContent).toBe('$31.98'));
  await user.keyboard('{F9}');
  await screen.findByRole('dialog', { name: 'Card payment' });
  await user.keyboard('{Enter}');
  const dialog = await screen.findByRole('alertdialog', { name: 'The master refused this sale' });
  return { user, dialog };
}

const total = () => screen.getByTestId('sale-total').textContent;

describe('a strong sale the master refuses', () => {
  it('says what happened, keeps the cart, and offers check, take off and cancel', async () => {
    const register = fakeRegister({ sell: (input) => refusal(input.lines) });
    const { dialog } = await ringUpAndGetRefused(register);
    expect(within(dialog).getByTestId('refused-reason').textContent).toBe(
      `The master's count says this store has no copies of “${ORCHARD_TITLE}”, but this sale takes 1 copy.`,
    );
    expect(within(dialog).getByText(/Nothing has been charged/)).toBeTruthy();
    expect(
      within(dialog)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual([
      `Check “${ORCHARD_TITLE}” with the master`,
      `Take “${ORCHARD_TITLE}” off the sale`,
      'Cancel the sale',
    ]);
    expect(document.activeElement?.textContent).toBe(`Check “${ORCHARD_TITLE}” with the master`);
    // The cart behind the dialog is untouched until the cashier decides.
    expect(total()).toBe('$31.98');
  });

  it('check, confirm the copy is here (Enter twice): the correction, then the sale goes again', async () => {
    const register = fakeRegister({
      sell: (input) => refusal(input.lines),
      reconcileRefusedSale: () => [
        { outcome: 'agreed', isbn: TIDE, title: 'Tide', onHand: 1 },
        discrepancy,
      ],
      confirmCorrection: () => ({ isbn: ORCHARD, onHand: 0, adjusted: true }),
      retryPending: () => confirmed(),
    });
    const { user, dialog } = await ringUpAndGetRefused(register);
    await user.keyboard('{Enter}');
    const question = await within(dialog).findByTestId('refused-question');
    expect(question.textContent).toBe(
      `The master and this register agree: “${ORCHARD_TITLE}” is not on the books. Are the 1 copy you are selling here at the counter?`,
    );
    await waitFor(() =>
      expect(document.activeElement?.textContent).toBe('Yes, they are here: sell'),
    );
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(register.callsTo('reconcileRefusedSale')).toEqual([{ receiptId: RECEIPT_ID }]);
    expect(register.callsTo('confirmCorrection')).toEqual([{ repairId: 7 }]);
    expect(register.callsTo('retryPending')).toEqual([{ receiptId: RECEIPT_ID }]);
    expect(register.callsTo('cancelPending')).toEqual([]);
    expect(total()).toBe('$0.00');
  });

  it('when the ledgers agree after the check, the sale goes again without a question', async () => {
    const register = fakeRegister({
      sell: (input) => refusal(input.lines),
      reconcileRefusedSale: () => [
        { outcome: 'agreed', isbn: ORCHARD, title: ORCHARD_TITLE, onHand: 1 },
      ],
      retryPending: () => confirmed(),
    });
    const { user } = await ringUpAndGetRefused(register);
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(register.callsTo('confirmCorrection')).toEqual([]);
  });

  it('taking the title off cancels the waiting sale and gives back the rest of the cart', async () => {
    const register = fakeRegister({
      sell: (input) => refusal(input.lines),
      cancelPending: () => receiptFor(LINES, { method: 'card', reference: null }, 'cancelled'),
    });
    const { user, dialog } = await ringUpAndGetRefused(register);
    await user.click(
      within(dialog).getByRole('button', { name: `Take “${ORCHARD_TITLE}” off the sale` }),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(register.callsTo('cancelPending')).toEqual([{ receiptId: RECEIPT_ID }]);
    expect(total()).toBe('$20.99');
    expect(document.querySelector(`tr[data-isbn="${ORCHARD}"]`)).toBeNull();
    expect(screen.getByTestId('notice').textContent).toBe(
      `“${ORCHARD_TITLE}” taken off the sale; nothing was charged. Take payment again for the rest.`,
    );
  });

  it('not here after the check: cancelling declines the correction, then gives the cart back', async () => {
    const register = fakeRegister({
      sell: (input) => refusal(input.lines),
      reconcileRefusedSale: () => [discrepancy],
      declineCorrection: () => ({ isbn: ORCHARD, onHand: -1, adjusted: false }),
      cancelPending: () => receiptFor(LINES, { method: 'card', reference: null }, 'cancelled'),
    });
    const { user, dialog } = await ringUpAndGetRefused(register);
    await user.keyboard('{Enter}');
    await within(dialog).findByTestId('refused-question');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel the sale' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(register.callsTo('declineCorrection')).toEqual([{ repairId: 7 }]);
    expect(register.callsTo('cancelPending')).toEqual([{ receiptId: RECEIPT_ID }]);
    expect(register.callsTo('retryPending')).toEqual([]);
    expect(total()).toBe('$31.98');
  });

  it('with the master away during the check, says nothing was checked and offers to try again', async () => {
    const register = fakeRegister({
      sell: (input) => refusal(input.lines),
      reconcileRefusedSale: () => [
        {
          outcome: 'unverified',
          isbn: ORCHARD,
          title: ORCHARD_TITLE,
          message: 'The master cannot be reached.',
        },
      ],
      retryPending: (): StrongOutcome => ({
        status: 'master-unreachable',
        ...receiptFor(LINES, { method: 'card', reference: null }, 'pending'),
        message: 'The master register cannot be reached.',
        canFallBack: false,
      }),
    });
    const { user, dialog } = await ringUpAndGetRefused(register);
    await user.keyboard('{Enter}');
    expect((await within(dialog).findByTestId('refused-unverified')).textContent).toContain(
      'nothing was checked',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    // Still no master: the waiting sale's own choices take over.
    await screen.findByRole('alertdialog', { name: 'The master register cannot be reached' });
    expect(total()).toBe('$31.98');
  });
});
