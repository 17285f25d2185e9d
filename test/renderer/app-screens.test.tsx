// @vitest-environment happy-dom
// Moving between the till and the stocktake from the keyboard (F2 / F3), and never away from a
// sale in progress: leaving would drop the customer's cart.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/App.js';
import { fakeRegister } from './fake-register.js';

const TIDE = '9780558373306';

afterEach(cleanup);

describe('App screens', () => {
  it('F3 opens the stocktake and F2 the till, but not while a sale is in the cart', async () => {
    const register = fakeRegister({ stocktakeCurrent: () => null });
    const user = userEvent.setup();
    render(<App api={register.api} />);
    await screen.findByLabelText('Scan or type an ISBN');
    await user.keyboard(`${TIDE}{Enter}`);
    await waitFor(() => expect(screen.getByTestId('sale-total').textContent).toBe('$20.99'));

    await user.keyboard('{F3}');
    expect(screen.getByTestId('screen-blocked').textContent).toBe(
      'Finish or clear the sale before leaving the till.',
    );
    expect(screen.getByTestId('sale-total').textContent).toBe('$20.99');

    await user.click(screen.getByRole('button', { name: 'Clear sale' }));
    await waitFor(() => expect(screen.queryByTestId('screen-blocked')).toBeNull());
    await user.keyboard('{F3}');
    await screen.findByRole('button', { name: 'Start a stocktake (all titles)' });
    await user.keyboard('{F2}');
    await waitFor(() => expect(screen.getByTestId('sale-total').textContent).toBe('$0.00'));
  });
});
