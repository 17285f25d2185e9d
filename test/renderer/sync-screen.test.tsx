// @vitest-environment happy-dom
// The manager's Sync screen over a fake register: the batch's progress bar follows the shell's
// progress events, the outcome is said in words, the schedule refuses a time that is not HH:MM,
// the history and the store's registers are shown, and a missing master is said plainly.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiOutput, SyncRun } from '../../app/protocol/register-api.js';
import type { StoreRegisters } from '../../app/protocol/sync-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { SyncScreen } from '../../renderer/sync/SyncScreen.js';
import { fakeRegister, STATUS } from './fake-register.js';

afterEach(cleanup);

const NOW = Date.parse('2026-11-24T10:00:00.000Z');

const RUNS: SyncRun[] = [
  {
    runId: 3,
    kind: 'batch',
    startedAt: '2026-11-24T09:00:00.000Z',
    finishedAt: '2026-11-24T09:00:05.000Z',
    pushed: 120,
    pulled: 45,
    outcome: 'ok',
    message: null,
  },
  {
    runId: 2,
    kind: 'strong-sale',
    startedAt: '2026-11-24T08:00:00.000Z',
    finishedAt: '2026-11-24T08:00:01.000Z',
    pushed: 1,
    pulled: 0,
    outcome: 'failed',
    message: 'The master at http://127.0.0.1:9 cannot be reached',
  },
  {
    runId: 1,
    kind: 'repair',
    startedAt: '2026-11-24T07:00:00.000Z',
    finishedAt: null,
    pushed: 0,
    pulled: 2,
    outcome: null,
    message: null,
  },
];

const KNOWN: StoreRegisters = {
  status: 'known',
  checkedAt: '2026-11-24T10:00:00.000Z',
  headSeq: 500,
  registers: [
    {
      originId: STATUS.originId,
      registerName: 'Counter 1',
      thisRegister: true,
      lastPushAt: '2026-11-24T09:57:00.000Z',
      lastPullAt: '2026-11-24T09:57:00.000Z',
      behind: 0,
    },
    {
      originId: 'fedcba9876543210fedcba9876543210',
      registerName: 'Back office',
      thisRegister: false,
      lastPushAt: '2026-11-24T07:00:00.000Z',
      lastPullAt: '2026-11-24T07:00:00.000Z',
      behind: 1234,
    },
  ],
};

function setup(overrides: Parameters<typeof fakeRegister>[0] = {}) {
  let finishSync: (result: ApiOutput<'syncNow'>) => void = () => undefined;
  const fake = fakeRegister({
    syncHistory: () => RUNS,
    storeRegisters: () => KNOWN,
    syncNow: () =>
      new Promise((resolve) => {
        finishSync = resolve;
      }),
    ...overrides,
  });
  const { rerender } = render(<SyncScreen api={fake.api} status={STATUS} now={() => NOW} />);
  return {
    ...fake,
    rerender,
    finishSync: (result: ApiOutput<'syncNow'>) => finishSync(result),
  };
}

/** A table's rows below its header, once React Aria (which fills them after the table renders) has them all. */
function dataRows(table: HTMLElement, count: number): Promise<HTMLElement[]> {
  return waitFor(() => {
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(count);
    return rows;
  });
}

describe('Sync screen', () => {
  it('moves the progress bar with each page, then says what the batch moved and reloads the history', async () => {
    const fake = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Run the nightly batch now' }));
    const bar = await screen.findByRole('progressbar', { name: 'Batch progress' });
    expect(
      screen.getByRole('button', { name: 'Run the nightly batch now' }).hasAttribute('disabled'),
    ).toBe(true);

    act(() =>
      fake.emit({
        type: 'sync-progress',
        progress: {
          phase: 'push',
          eventsDone: 2000,
          eventsTotal: 5000,
          bytesDone: 1,
          bytesTotal: 2,
        },
      }),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(bar.getAttribute('aria-valuetext')).toBe('Sending 2,000 of 5,000 events');

    act(() =>
      fake.emit({
        type: 'sync-progress',
        progress: { phase: 'pull', eventsDone: 450, eventsTotal: 500, bytesDone: 1, bytesTotal: 2 },
      }),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('90');
    expect(bar.getAttribute('aria-valuetext')).toBe('Receiving 450 of 500 events');

    const historyCallsBefore = fake.callsTo('syncHistory').length;
    await act(async () => {
      fake.finishSync({ pushed: 5000, pulled: 500, conflicts: 0 });
      await Promise.resolve();
    });
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByTestId('batch-outcome')?.textContent).toContain(
      'The batch finished: 5,000 events sent to the master, 500 events received from the other registers.',
    );
    await waitFor(() =>
      expect(fake.callsTo('syncHistory').length).toBeGreaterThan(historyCallsBefore),
    );
  });

  it('says why a batch stopped and that the events still wait', async () => {
    setup({
      syncNow: () => {
        throw new ApiError({
          code: 'MASTER_UNREACHABLE',
          message: 'The master at http://127.0.0.1:9 cannot be reached',
        });
      },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Run the nightly batch now' }));
    expect((await screen.findByRole('alert'))?.textContent).toContain(
      'The batch stopped: The master at http://127.0.0.1:9 cannot be reached. Events not sent yet stay waiting here',
    );
  });

  it('refuses a nightly time that is not HH:MM without calling the register, and saves a good one', async () => {
    const fake = setup({ setSchedule: ({ nightlyAt }) => ({ ...STATUS, nightlyAt }) });
    const { rerender } = fake;
    expect(screen.getByTestId('schedule-current')?.textContent).toContain('every night at 02:00');
    const field = screen.getByLabelText('Run it at (HH:MM)');
    await userEvent.clear(field);
    await userEvent.type(field, '25:61');
    await userEvent.click(screen.getByRole('button', { name: 'Save the schedule' }));
    expect(screen.getByTestId('schedule-notice')?.textContent).toContain(
      'Type the time as HH:MM on a 24-hour clock',
    );
    expect(screen.getByTestId('schedule-notice').getAttribute('role')).toBe('alert');
    expect(fake.callsTo('setSchedule')).toEqual([]);

    await userEvent.clear(field);
    await userEvent.type(field, '03:15');
    await userEvent.click(screen.getByRole('button', { name: 'Save the schedule' }));
    expect(await screen.findByText('The nightly batch now runs at 03:15.')).toBeTruthy();
    expect(fake.callsTo('setSchedule')).toEqual([{ nightlyAt: '03:15' }]);
    // The register announces its new status: the screen follows it and keeps the words.
    rerender(
      <SyncScreen api={fake.api} status={{ ...STATUS, nightlyAt: '03:15' }} now={() => NOW} />,
    );
    expect(screen.getByTestId('schedule-current').textContent).toContain('every night at 03:15');
    expect(screen.getByTestId('schedule-notice').textContent).toBe(
      'The nightly batch now runs at 03:15.',
    );
  });

  it('shows the register’s refusal of a schedule change', async () => {
    setup({
      setSchedule: () => {
        throw new ApiError({
          code: 'MANAGER_REQUIRED',
          message: 'Only a manager may change the nightly schedule.',
        });
      },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Save the schedule' }));
    expect((await screen.findByRole('alert'))?.textContent).toContain(
      'Only a manager may change the nightly schedule.',
    );
  });

  it('lists batches, strong-mode sales and title checks with their counts and outcomes', async () => {
    setup();
    const history = await screen.findByRole('grid', { name: 'Sync history' });
    const rows = await dataRows(history, 3);
    expect(
      rows.map((row) =>
        [...row.querySelectorAll('[role="rowheader"], [role="gridcell"]')].map(
          (cell) => cell.textContent,
        ),
      ),
    ).toEqual([
      ['Nightly batch', expect.any(String), '120', '45', 'Done', ''],
      [
        'Strong-mode sale',
        expect.any(String),
        '1',
        '0',
        'Failed',
        'The master at http://127.0.0.1:9 cannot be reached',
      ],
      ['Title check with the master', expect.any(String), '0', '2', 'Running', ''],
    ]);
  });

  it('shows each register of the store with how stale its view is', async () => {
    setup();
    const table = await screen.findByRole('grid', { name: 'Registers of this store' });
    const rows = await dataRows(table, 2);
    expect(rows[0]?.textContent).toContain('Counter 1 this register');
    expect(rows[0]?.textContent).toContain('3 min ago');
    expect(rows[0]?.textContent).toContain('Up to date');
    expect(rows[1]?.textContent).toContain('Back office');
    expect(rows[1]?.textContent).toContain('3 h ago');
    expect(rows[1]?.textContent).toContain('1,234 events behind');
  });

  it('says plainly when the master cannot tell how stale the registers are', async () => {
    setup({
      storeRegisters: () => ({
        status: 'unknown',
        reason: 'master-unreachable',
        message: 'The master cannot be reached, so how up to date the registers are is unknown.',
      }),
    });
    expect((await screen.findByTestId('registers-unknown'))?.textContent).toContain(
      'The master cannot be reached, so how up to date the registers are is unknown.',
    );
  });
});
