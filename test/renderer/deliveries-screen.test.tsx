// @vitest-environment happy-dom
// Receiving a delivery over a fake register: scanner-speed scans add one copy each, a quantity can
// be typed and a line removed, unknown or invalid ISBNs change nothing, and a failed call keeps the
// list so nothing is lost.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiInput } from '../../app/protocol/register-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { DeliveriesScreen } from '../../renderer/deliveries/DeliveriesScreen.js';
import { fakeRegister, TITLES } from './fake-register.js';

const TIDE = '9780558373306'; // 2 on hand
const ORCHARD = '9781645595021'; // 0 on hand
/** A well-formed ISBN no catalog entry has. */
const UNKNOWN = '9780306406157';

afterEach(cleanup);

/** A register that adds delivered copies to its counts, or refuses while `failing` is set. */
function fakeReceiving() {
  const onHand = new Map(Object.values(TITLES).map((title) => [title.isbn, title.onHand]));
  const state = { failing: false };
  const register = fakeRegister({
    receiveDelivery: (input: ApiInput<'receiveDelivery'>) => {
      if (state.failing) {
        throw new ApiError({ code: 'INTERNAL', message: 'The register could not complete that.' });
      }
      for (const line of input.lines)
        onHand.set(line.isbn, (onHand.get(line.isbn) ?? 0) + line.qty);
      const isbns = [...new Set(input.lines.map((line) => line.isbn))];
      return {
        events: input.lines.length,
        titles: isbns.map((isbn) => ({ isbn, onHand: onHand.get(isbn) ?? 0 })),
      };
    },
  });
  return { ...register, state };
}

const lineRow = (isbn: string) =>
  screen.getByRole('table', { name: 'Delivery lines' }).querySelector(`tr[data-isbn="${isbn}"]`);

describe('DeliveriesScreen', () => {
  it('scanner-speed scans add a copy each; quantities edit; receiving shows the new on-hand', async () => {
    const register = fakeReceiving();
    const user = userEvent.setup();
    render(<DeliveriesScreen api={register.api} />);
    const field = screen.getByLabelText('Scan or type an ISBN');
    await waitFor(() => expect(document.activeElement).toBe(field));

    await user.keyboard(`${TIDE}{Enter}${ORCHARD}{Enter}${TIDE}{Enter}${TIDE}{Enter}`);
    await waitFor(() =>
      expect(screen.getByTestId('delivery-summary').textContent).toBe('4 copies of 2 titles'),
    );
    expect(document.querySelector('.scan-last')?.getAttribute('data-source')).toBe('scanner');
    expect(within(lineRow(TIDE) as HTMLElement).getByRole('spinbutton')).toHaveProperty(
      'value',
      '3',
    );
    expect(lineRow(TIDE)?.textContent).toContain('Elena Whitfield');

    // The last scanned title's count goes up with "+", and a typed quantity replaces a count.
    await user.keyboard('{+}');
    await waitFor(() =>
      expect(screen.getByTestId('delivery-summary').textContent).toBe('5 copies of 2 titles'),
    );
    const orchardQty = screen.getByLabelText('Copies of The Midnight Orchard');
    await user.clear(orchardQty);
    await user.type(orchardQty, '6');
    expect(screen.getByTestId('delivery-summary').textContent).toBe('10 copies of 2 titles');

    await user.type(screen.getByLabelText('Supplier reference'), 'PO-7781');
    await user.click(screen.getByRole('button', { name: 'Receive delivery' }));
    await waitFor(() =>
      expect(screen.getByTestId('delivery-received').textContent).toBe(
        'Received 10 copies of 2 titles (PO-7781).',
      ),
    );
    expect(register.callsTo('receiveDelivery')).toEqual([
      {
        reference: 'PO-7781',
        lines: [
          { isbn: TIDE, qty: 4 },
          { isbn: ORCHARD, qty: 6 },
        ],
      },
    ]);
    const after = screen.getByRole('table', { name: 'On hand after the delivery' });
    expect(after.querySelector(`tr[data-isbn="${TIDE}"] .on-hand-now`)?.textContent).toBe('6');
    expect(after.querySelector(`tr[data-isbn="${ORCHARD}"] .on-hand-now`)?.textContent).toBe('6');
    // The list is done with: the next delivery starts empty.
    expect(screen.queryByRole('table', { name: 'Delivery lines' })).toBeNull();
    expect(screen.getByTestId('delivery-summary').textContent).toBe('0 copies of 0 titles');
  });

  it('an unknown or invalid ISBN says so and adds nothing', async () => {
    const register = fakeReceiving();
    const user = userEvent.setup();
    render(<DeliveriesScreen api={register.api} />);
    await user.keyboard(`${TIDE}{Enter}`);
    await waitFor(() => expect(lineRow(TIDE)).not.toBeNull());

    await user.keyboard(`${UNKNOWN}{Enter}`);
    await waitFor(() =>
      expect(screen.getByTestId('delivery-notice').textContent).toBe(
        `No title with ISBN ${UNKNOWN} is in the catalog. Nothing was added for ${UNKNOWN}.`,
      ),
    );
    // A wrong check digit never reaches the register.
    const lookups = register.callsTo('lookupTitle').length;
    await user.keyboard('9780306406158{Enter}');
    await waitFor(() =>
      expect(screen.getAllByRole('alert').some((el) => /check digit/i.test(el.textContent))).toBe(
        true,
      ),
    );
    expect(register.callsTo('lookupTitle')).toHaveLength(lookups);
    expect(screen.getByTestId('delivery-summary').textContent).toBe('1 copy of 1 title');

    // A removed line is gone; an empty quantity is refused before any call.
    await user.keyboard(`${ORCHARD}{Enter}`);
    await waitFor(() => expect(lineRow(ORCHARD)).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Remove The Midnight Orchard' }));
    expect(lineRow(ORCHARD)).toBeNull();
    await user.clear(screen.getByLabelText('Copies of Tide of the Midnight Atlas'));
    await user.click(screen.getByRole('button', { name: 'Receive delivery' }));
    expect(screen.getByTestId('delivery-notice').textContent).toBe(
      'Tide of the Midnight Atlas: the quantity must be 1 or more (or remove the line).',
    );
    expect(register.callsTo('receiveDelivery')).toEqual([]);
  });

  it('a failed call keeps the list, and receiving again works', async () => {
    const register = fakeReceiving();
    register.state.failing = true;
    const user = userEvent.setup();
    render(<DeliveriesScreen api={register.api} />);
    await user.keyboard(`${TIDE}{Enter}${TIDE}{Enter}`);
    await waitFor(() =>
      expect(screen.getByTestId('delivery-summary').textContent).toBe('2 copies of 1 title'),
    );
    await user.type(screen.getByLabelText('Supplier reference'), 'PO-1');
    await user.click(screen.getByRole('button', { name: 'Receive delivery' }));
    await waitFor(() =>
      expect(screen.getByTestId('delivery-notice').textContent).toBe(
        'The delivery was not received: The register could not complete that. The list is kept; try again.',
      ),
    );
    expect(lineRow(TIDE)).not.toBeNull();
    expect(screen.getByTestId('delivery-summary').textContent).toBe('2 copies of 1 title');
    expect(screen.getByLabelText('Supplier reference')).toHaveProperty('value', 'PO-1');

    register.state.failing = false;
    await user.click(screen.getByRole('button', { name: 'Receive delivery' }));
    await waitFor(() =>
      expect(screen.getByTestId('delivery-received').textContent).toBe(
        'Received 2 copies of 1 title (PO-1).',
      ),
    );
    expect(register.callsTo('receiveDelivery')).toHaveLength(2);
  });
});
