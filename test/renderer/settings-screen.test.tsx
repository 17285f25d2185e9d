// @vitest-environment happy-dom
// The manager's Settings screen over a fake register: current values shown, the mode changed with
// what each means, enrolment sent as typed, and every refusal shown as the register worded it.
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../renderer/api/api-error.js';
import { SettingsScreen } from '../../renderer/settings/SettingsScreen.js';
import { fakeRegister, STATUS } from './fake-register.js';

afterEach(cleanup);

describe('Settings screen', () => {
  it('shows the current settings', () => {
    const fake = fakeRegister();
    render(<SettingsScreen api={fake.api} status={STATUS} />);
    const current = screen.getByTestId('settings-current');
    expect(current?.textContent).toContain('StoreUptown (uptown)');
    expect(current?.textContent).toContain('RegisterCounter 1');
    expect(current?.textContent).toContain('Sync modeEventual');
    expect(current?.textContent).toContain('Master URLhttp://127.0.0.1:9');
    expect(current?.textContent).toContain('Nightly batchEvery night at 02:00');
  });

  it('explains each mode and switches to the one chosen', async () => {
    const fake = fakeRegister({ setMode: ({ mode }) => ({ ...STATUS, mode }) });
    render(<SettingsScreen api={fake.api} status={STATUS} />);
    const strong = screen.getByRole('radio', { name: /Strong/ });
    expect(screen.getByText(/confirmed by the master before its receipt prints/)).toBeTruthy();
    expect(screen.getByText(/keeps selling when the master is away/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Use eventual mode' }).hasAttribute('disabled')).toBe(
      true,
    );
    await userEvent.click(strong);
    await userEvent.click(screen.getByRole('button', { name: 'Use strong mode' }));
    expect((await screen.findByTestId('mode-notice'))?.textContent).toContain(
      'This register now syncs in strong mode.',
    );
    expect(fake.callsTo('setMode')).toEqual([{ mode: 'strong' }]);
  });

  it('keeps saying what changed when the register announces its new mode', async () => {
    const fake = fakeRegister({ setMode: ({ mode }) => ({ ...STATUS, mode }) });
    const { rerender } = render(<SettingsScreen api={fake.api} status={STATUS} />);
    await userEvent.click(screen.getByRole('radio', { name: /Strong/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Use strong mode' }));
    await screen.findByTestId('mode-notice');
    rerender(<SettingsScreen api={fake.api} status={{ ...STATUS, mode: 'strong' }} />);
    expect(screen.getByTestId('mode-notice').textContent).toBe(
      'This register now syncs in strong mode.',
    );
    expect(screen.getByRole('radio', { name: /Strong \(current\)/ })).toHaveProperty(
      'checked',
      true,
    );
  });

  it('shows the register’s refusal of a mode change', async () => {
    const fake = fakeRegister({
      setMode: () => {
        throw new ApiError({
          code: 'MANAGER_REQUIRED',
          message: 'Only a manager may change the sync mode.',
        });
      },
    });
    render(<SettingsScreen api={fake.api} status={STATUS} />);
    await userEvent.click(screen.getByRole('radio', { name: /Strong/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Use strong mode' }));
    expect((await screen.findByRole('alert'))?.textContent).toContain(
      'Only a manager may change the sync mode.',
    );
  });

  it('enrols with the URL, code and name typed, and shows a refused code in the master’s words', async () => {
    const fake = fakeRegister({
      enrol: ({ code }) => {
        if (code !== 'GOOD-CODE-123') {
          throw new ApiError({
            code: 'INVALID_CODE',
            message:
              'The enrolment code is unknown, already used or expired; ask IT for a new one.',
          });
        }
        return { ...STATUS, masterUrl: 'https://master.example.com', registerName: 'Front till' };
      },
    });
    render(<SettingsScreen api={fake.api} status={STATUS} />);
    const url = screen.getByLabelText('Master URL');
    await userEvent.clear(url);
    await userEvent.type(url, 'https://master.example.com');
    await userEvent.type(screen.getByLabelText('Enrolment code'), 'BAD-CODE-000');
    const name = screen.getByLabelText('Register name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Front till');
    await userEvent.click(screen.getByRole('button', { name: 'Enrol this register' }));
    expect((await screen.findByRole('alert'))?.textContent).toContain(
      'The enrolment code is unknown, already used or expired; ask IT for a new one.',
    );

    const code = screen.getByLabelText('Enrolment code');
    await userEvent.clear(code);
    await userEvent.type(code, 'GOOD-CODE-123');
    await userEvent.click(screen.getByRole('button', { name: 'Enrol this register' }));
    expect((await screen.findByTestId('enrol-notice'))?.textContent).toContain(
      'Enrolled with the master at https://master.example.com as “Front till”.',
    );
    expect(fake.callsTo('enrol')).toEqual([
      { masterUrl: 'https://master.example.com', code: 'BAD-CODE-000', registerName: 'Front till' },
      {
        masterUrl: 'https://master.example.com',
        code: 'GOOD-CODE-123',
        registerName: 'Front till',
      },
    ]);
  });

  it('asks for what is missing before enrolling', async () => {
    const fake = fakeRegister();
    render(<SettingsScreen api={fake.api} status={STATUS} />);
    await userEvent.click(screen.getByRole('button', { name: 'Enrol this register' }));
    expect(screen.getByRole('alert')?.textContent).toContain('Fill in the enrolment code.');
    expect(fake.callsTo('enrol')).toEqual([]);
  });

  it('shows the staff rules and saves new ones as typed', async () => {
    const fake = fakeRegister({ setStaffPolicy: (policy) => policy });
    render(<SettingsScreen api={fake.api} status={STATUS} />);
    const idle = await screen.findByDisplayValue('5');
    await userEvent.clear(idle);
    await userEvent.type(idle, '15');
    const threshold = screen.getByLabelText(/shelf correction of more copies than this/);
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '0');
    await userEvent.click(screen.getByRole('button', { name: 'Save staff rules' }));
    expect((await screen.findByTestId('policy-notice')).textContent).toBe(
      'The register locks after 15 idle minutes; corrections of more than 0 copies need a manager.',
    );
    expect(fake.callsTo('setStaffPolicy')).toEqual([
      { idleLockMinutes: 15, correctionManagerThreshold: 0 },
    ]);
  });

  it('refuses staff rules that are not whole numbers without calling the register', async () => {
    const fake = fakeRegister();
    render(<SettingsScreen api={fake.api} status={STATUS} />);
    const idle = await screen.findByDisplayValue('5');
    await userEvent.clear(idle);
    await userEvent.type(idle, 'ten');
    await userEvent.click(screen.getByRole('button', { name: 'Save staff rules' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Type whole numbers: minutes, and a number of copies.',
    );
    expect(fake.callsTo('setStaffPolicy')).toEqual([]);
  });
});
