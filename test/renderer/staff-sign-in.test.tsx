// @vitest-environment happy-dom
// Signing in at the register over a fake register API: nothing but the sign-in screen until a PIN
// is accepted, a new store's first manager, the lock, signing out (F12), and the page locking a
// register left alone.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../app/protocol/staff-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { App } from '../../renderer/App.js';
import { fakeRegister } from './fake-register.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const view = (overrides: Partial<SessionView> = {}): SessionView => ({
  signedIn: null,
  locked: false,
  noStaffYet: false,
  idleLockMinutes: 5,
  ...overrides,
});
const CASEY = { name: 'Casey', role: 'cashier' } as const;
const refused = () =>
  new ApiError({ code: 'PIN_REFUSED', message: 'That PIN is not right. Try again.' });

describe('sign-in', () => {
  it('shows only the sign-in screen until a PIN is accepted; a wrong PIN says so and clears', async () => {
    const register = fakeRegister({
      staffSession: () => view(),
      signIn: ({ pin }) => {
        if (pin !== '0000') throw refused();
        return view({ signedIn: CASEY });
      },
    });
    const user = userEvent.setup();
    render(<App api={register.api} />);
    const pin = await screen.findByLabelText('Your PIN');
    expect(screen.queryByLabelText('Scan or type an ISBN')).toBeNull();
    expect(pin).toHaveProperty('type', 'password');
    expect(document.activeElement).toBe(pin);

    await user.keyboard('9999{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That PIN is not right. Try again.',
    );
    await waitFor(() => expect((pin as HTMLInputElement).value).toBe(''));

    await user.keyboard('12{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('A PIN is 4 to 8 digits.');
    await user.clear(pin);
    await user.keyboard('0000{Enter}');
    await screen.findByLabelText('Scan or type an ISBN');
    expect(screen.getByTestId('signed-in').textContent).toBe('Casey');
    expect(register.callsTo('signIn')).toEqual([{ pin: '9999' }, { pin: '0000' }]);
    // No till call was made while signed out.
    expect(register.callsTo('lookupTitle')).toEqual([]);
  });

  it('a new store’s register asks for its first manager, then opens signed in', async () => {
    const register = fakeRegister({
      staffSession: () => view({ noStaffYet: true }),
      firstManager: ({ name }) => view({ signedIn: { name, role: 'manager' } }),
    });
    const user = userEvent.setup();
    render(<App api={register.api} />);
    await screen.findByRole('heading', { name: 'Create the first manager' });
    await user.keyboard('Robin');
    await user.click(screen.getByLabelText('Choose a PIN'));
    await user.keyboard('86420{Enter}');
    await screen.findByLabelText('Scan or type an ISBN');
    expect(register.callsTo('firstManager')).toEqual([{ name: 'Robin', pin: '86420' }]);
    expect(screen.getByTestId('signed-in').textContent).toBe('Robin');
  });

  it('F12 signs out, back to the sign-in screen', async () => {
    const register = fakeRegister({
      staffSession: () => view({ signedIn: CASEY }),
      signOut: () => view(),
    });
    const user = userEvent.setup();
    render(<App api={register.api} />);
    await screen.findByLabelText('Scan or type an ISBN');
    await user.keyboard('{F12}');
    await screen.findByLabelText('Your PIN');
    expect(register.callsTo('signOut')).toEqual([{}]);
  });

  it('locked: the screen is covered until a PIN unlocks it', async () => {
    const register = fakeRegister({
      staffSession: () => view({ signedIn: CASEY }),
      signIn: ({ pin }) => {
        if (pin !== '1234') throw refused();
        return view({ signedIn: { name: 'Morgan', role: 'manager' } });
      },
    });
    const user = userEvent.setup();
    render(<App api={register.api} />);
    await screen.findByLabelText('Scan or type an ISBN');
    act(() => register.emit({ type: 'session', session: view({ signedIn: CASEY, locked: true }) }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Register locked' });
    expect(dialog.textContent).toContain('Casey, or anyone else on staff');
    await user.keyboard('1234{Enter}');
    await waitFor(() => expect(register.callsTo('signIn')).toEqual([{ pin: '1234' }]));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(screen.getByTestId('signed-in').textContent).toBe('Morgan');
  });

  it('the page asks the register to lock after the idle minutes without a key or a click', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const register = fakeRegister({
      staffSession: () => view({ signedIn: CASEY, idleLockMinutes: 1 }),
      lock: () => view({ signedIn: CASEY, locked: true, idleLockMinutes: 1 }),
    });
    render(<App api={register.api} />);
    await screen.findByLabelText('Scan or type an ISBN');
    await act(() => vi.advanceTimersByTimeAsync(59_000));
    expect(register.callsTo('lock')).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(register.callsTo('lock')).toEqual([{}]);
    await screen.findByRole('alertdialog', { name: 'Register locked' });
  });
});
