// @vitest-environment happy-dom
// One manager-PIN dialog for every screen: a call the register answers with MANAGER_REQUIRED asks
// for a manager's PIN, approves it with the register, and is made again once; a wrong PIN is
// said and asked again; giving up leaves the call refused.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEntryView, SessionView } from '../../app/protocol/staff-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { App } from '../../renderer/App.js';
import { fakeRegister } from './fake-register.js';

afterEach(cleanup);

const CASHIER_SIGNED_IN: SessionView = {
  signedIn: { name: 'Casey', role: 'cashier' },
  locked: false,
  noStaffYet: false,
  idleLockMinutes: 5,
};
const SALE: ActivityEntryView = {
  at: '2026-11-24T10:00:00.000Z',
  kind: 'sale',
  actor: 'Casey',
  detail: '0123456789abcdef0123456789abcdef-000012',
  titles: 1,
  copies: 2,
};

/** The register's side: the journal needs a manager until one approves, once. */
function registerNeedingManager() {
  let approvals = 0;
  return fakeRegister({
    staffSession: () => CASHIER_SIGNED_IN,
    managerApprove: ({ pin }) => {
      if (pin !== '1234') {
        throw new ApiError({ code: 'PIN_REFUSED', message: 'That PIN is not right. Try again.' });
      }
      approvals += 1;
      return { manager: 'Morgan', validSeconds: 60 };
    },
    activity: () => {
      if (approvals === 0) {
        throw new ApiError({
          code: 'MANAGER_REQUIRED',
          message: 'This needs a manager. Ask a manager to enter their PIN.',
        });
      }
      approvals -= 1;
      return [SALE];
    },
  });
}

describe('manager PIN dialog', () => {
  it('asks for a manager’s PIN, refuses a wrong one, and makes the call again once approved', async () => {
    const register = registerNeedingManager();
    const user = userEvent.setup();
    render(<App api={register.api} />);
    await screen.findByLabelText('Scan or type an ISBN');
    await user.keyboard('{F11}');

    const dialog = await screen.findByRole('dialog', { name: 'Manager’s PIN needed' });
    expect(dialog.textContent).toContain('This needs a manager.');
    await user.keyboard('5555{Enter}');
    expect(
      (await screen.findByText('That PIN is not right. Try again.')).getAttribute('role'),
    ).toBe('alert');
    await user.keyboard('1234{Enter}');

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const rows = await screen.findAllByTestId('journal-row');
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringContaining('Casey')]);
    expect(rows[0]?.textContent).toContain('Receipt 01234567-12');
    expect(register.callsTo('managerApprove')).toEqual([{ pin: '5555' }, { pin: '1234' }]);
    // Refused once, made again once: never more.
    expect(register.callsTo('activity')).toHaveLength(2);
  });

  it('Esc gives up: the call stays refused and the screen says why', async () => {
    const register = registerNeedingManager();
    const user = userEvent.setup();
    render(<App api={register.api} />);
    await screen.findByLabelText('Scan or type an ISBN');
    await user.keyboard('{F11}');
    await screen.findByRole('dialog', { name: 'Manager’s PIN needed' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This needs a manager. Ask a manager to enter their PIN.',
    );
    expect(register.callsTo('managerApprove')).toEqual([]);
    expect(register.callsTo('activity')).toHaveLength(1);
  });
});
