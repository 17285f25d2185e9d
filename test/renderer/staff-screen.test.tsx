// @vitest-environment happy-dom
// The manager's staff list over a fake register API: add someone with their first PIN and role,
// give someone a new PIN, disable someone; the register's refusal is shown as it is.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffMemberView } from '../../app/protocol/staff-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { StaffScreen } from '../../renderer/staff/StaffScreen.js';
import { fakeRegister } from './fake-register.js';

afterEach(cleanup);

const member = (name: string, role: StaffMemberView['role']): StaffMemberView => ({
  staffId: `staff-${name.toLowerCase()}`,
  name,
  role,
  createdAt: '2026-11-01T09:00:00.000Z',
  disabledAt: null,
});

function staffRegister() {
  const people = [member('Casey', 'cashier'), member('Morgan', 'manager')];
  return fakeRegister({
    staffList: () => people.map((p) => ({ ...p })),
    staffAdd: ({ name, role, pin }) => {
      if (pin === '1234') {
        throw new ApiError({
          code: 'INVALID_INPUT',
          message: 'That PIN is taken: choose another.',
        });
      }
      const added = member(name, role);
      people.push(added);
      return added;
    },
    staffSetPin: ({ staffId }) => people.find((p) => p.staffId === staffId)!,
    staffDisable: ({ staffId }) => {
      const person = people.find((p) => p.staffId === staffId)!;
      person.disabledAt = '2026-11-24T10:00:00.000Z';
      return person;
    },
  });
}

describe('staff screen', () => {
  it('adds a manager with a first PIN; a PIN already taken is refused with the register’s words', async () => {
    const register = staffRegister();
    const user = userEvent.setup();
    render(<StaffScreen api={register.api} />);
    await screen.findAllByTestId('staff-row');
    await user.type(screen.getByLabelText('Name'), 'Dana');
    await user.click(screen.getByRole('radio', { name: 'Manager' }));
    await user.type(screen.getByLabelText('Their first PIN'), '1234{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That PIN is taken: choose another.',
    );
    await user.type(screen.getByLabelText('Their first PIN'), '97531{Enter}');
    expect((await screen.findByRole('status')).textContent).toBe(
      'Dana can sign in now, as manager.',
    );
    expect(register.callsTo('staffAdd')).toEqual([
      { name: 'Dana', role: 'manager', pin: '1234' },
      { name: 'Dana', role: 'manager', pin: '97531' },
    ]);
    await waitFor(() => expect(screen.getAllByTestId('staff-row')).toHaveLength(3));
  });

  it('gives someone a new PIN, and disables someone after asking', async () => {
    const register = staffRegister();
    const user = userEvent.setup();
    render(<StaffScreen api={register.api} />);
    await user.click(await screen.findByRole('button', { name: 'New PIN for Casey' }));
    const dialog = await screen.findByRole('dialog', { name: 'New PIN for Casey' });
    await user.type(within(dialog).getByLabelText('New PIN'), '2468{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(register.callsTo('staffSetPin')).toEqual([{ staffId: 'staff-casey', pin: '2468' }]);

    await user.click(screen.getByRole('button', { name: 'Disable Casey' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Disable Casey?' });
    await user.click(within(confirm).getByRole('button', { name: 'Disable' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('staff-row')[0]?.textContent).toContain('Disabled'),
    );
    expect(register.callsTo('staffDisable')).toEqual([{ staffId: 'staff-casey' }]);
  });
});
