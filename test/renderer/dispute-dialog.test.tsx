// @vitest-environment happy-dom
// Read repair at the counter, on the cashier's screen over a fake register API: a scan the shelf
// count cannot explain is checked with the master, each outcome is told in plain words, and a
// discrepancy waits for the cashier (Enter confirms, Esc declines) while the book stays in the cart.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiOutput } from '../../app/protocol/register-api.js';
import { CashierScreen } from '../../renderer/cashier/CashierScreen.js';
import { fakeRegister, STATUS } from './fake-register.js';

const TIDE = '9780558373306'; // 2 on our shelf
const ORCHARD = '9781645595021'; // none on our shelf

afterEach(cleanup);

const DISCREPANCY: ApiOutput<'checkScan'> = {
  outcome: 'discrepancy',
  repairId: 7,
  isbn: ORCHARD,
  localBefore: 0,
  onHand: 0,
  masterOnHand: 0,
  proposed: { from: 0, to: 1 },
  eventsIn: 0,
  eventsOut: 0,
};

function renderScreen(register: ReturnType<typeof fakeRegister>) {
  render(<CashierScreen api={register.api} status={STATUS} printPage={vi.fn()} />);
  return { ...register, user: userEvent.setup() };
}

const total = () => screen.getByTestId('sale-total').textContent;
const notice = () => screen.getByTestId('notice').textContent;

describe('the dispute dialog', () => {
  it('asks nothing when the shelf count covers the copies at the counter', async () => {
    const register = fakeRegister();
    const { user } = renderScreen(register);
    await user.keyboard(`${TIDE}{Enter}${TIDE}{Enter}`);
    await waitFor(() => expect(total()).toBe('$41.98'));
    expect(register.callsTo('checkScan')).toEqual([]);
  });

  it('says what it is doing while the master is asked, then "Ledgers agreed after repair"', async () => {
    let answer: ((outcome: ApiOutput<'checkScan'>) => void) | undefined;
    const register = fakeRegister({
      checkScan: () => new Promise((resolve) => (answer = resolve)),
    });
    const { user } = renderScreen(register);
    await user.keyboard(`${ORCHARD}{Enter}`);
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Checking this title with the master…');
    expect(register.callsTo('checkScan')).toEqual([{ isbn: ORCHARD, atCounter: 1 }]);
    answer?.({
      outcome: 'agreed',
      repairId: 3,
      isbn: ORCHARD,
      localBefore: 0,
      onHand: 1,
      masterOnHand: 1,
      eventsIn: 1,
      eventsOut: 0,
    });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(notice()).toBe('Ledgers agreed after repair.');
    expect(total()).toBe('$10.99');
  });

  it('a master that cannot be reached: the count is unverified and the sale goes on', async () => {
    const register = fakeRegister({
      checkScan: ({ isbn }) => ({
        outcome: 'unverified',
        repairId: 4,
        isbn,
        onHand: 0,
        message: 'The master register cannot be reached.',
      }),
    });
    const { user } = renderScreen(register);
    await user.keyboard(`${ORCHARD}{Enter}`);
    await waitFor(() =>
      expect(notice()).toBe(
        'The master cannot be reached: the count is unverified and will be checked later.',
      ),
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(total()).toBe('$10.99');
  });

  it('a discrepancy proposes the correction; Enter confirms it and the next scan waits for it', async () => {
    const register = fakeRegister({
      checkScan: () => DISCREPANCY,
      confirmCorrection: () => ({ isbn: ORCHARD, onHand: 1, adjusted: true }),
    });
    const { user } = renderScreen(register);
    await user.keyboard(`${ORCHARD}{Enter}`);
    const proposal = await screen.findByTestId('dispute-proposal');
    expect(proposal.textContent).toBe('Shelf count corrected from 0 to 1: confirm');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Confirm'));
    // F8 must not open payment over an undecided dispute.
    await user.keyboard('{F8}');
    expect(screen.queryByRole('dialog', { name: 'Cash payment' })).toBeNull();

    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(register.callsTo('confirmCorrection')).toEqual([{ repairId: 7 }]);
    expect(register.callsTo('declineCorrection')).toEqual([]);
    expect(notice()).toBe('Shelf count corrected to 1.');
    expect(screen.getByTestId('on-hand').textContent).toBe('1 on our shelf');
    expect(total()).toBe('$10.99');
  });

  it('Esc declines: the count stays, the title is flagged, the book stays in the cart', async () => {
    const register = fakeRegister({
      checkScan: () => DISCREPANCY,
      declineCorrection: () => ({ isbn: ORCHARD, onHand: 0, adjusted: false }),
    });
    const { user } = renderScreen(register);
    await user.keyboard(`${ORCHARD}{Enter}`);
    await screen.findByTestId('dispute-proposal');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Confirm'));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(register.callsTo('declineCorrection')).toEqual([{ repairId: 7 }]);
    expect(register.callsTo('confirmCorrection')).toEqual([]);
    expect(notice()).toBe('Correction declined: the title is flagged for the next stocktake.');
    expect(total()).toBe('$10.99');
  });

  it('a second copy of a title with one on the shelf counts both copies at the counter', async () => {
    const register = fakeRegister({
      lookupTitle: ({ scan }) => ({
        isbn: scan,
        title: 'One Left',
        author: 'A. Writer',
        priceCents: 500,
        section: 'Fiction',
        onHand: 1,
      }),
      checkScan: ({ isbn }) => ({ outcome: 'no-dispute', isbn, onHand: 2 }),
    });
    const { user } = renderScreen(register);
    await user.keyboard(`${TIDE}{Enter}${TIDE}{Enter}`);
    await waitFor(() => expect(total()).toBe('$10.00'));
    await waitFor(() =>
      expect(register.callsTo('checkScan')).toEqual([{ isbn: TIDE, atCounter: 2 }]),
    );
  });

  it('a failed decision is shown in the dialog, which stays until one succeeds', async () => {
    let fail = true;
    const register = fakeRegister({
      checkScan: () => DISCREPANCY,
      confirmCorrection: () => {
        if (fail) throw new Error('network down');
        return { isbn: ORCHARD, onHand: 1, adjusted: true };
      },
    });
    const { user } = renderScreen(register);
    await user.keyboard(`${ORCHARD}{Enter}`);
    const confirm = await screen.findByRole('button', { name: 'Confirm' });
    await user.click(confirm);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('network down'));
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });
});
