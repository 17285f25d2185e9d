// @vitest-environment happy-dom
// The page before the register has opened: what the start is doing, an upgrade's progress bar
// moving with each answer, the register once it is ready, and a failed start in its own words.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StartupView } from '../../app/protocol/register-api.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { StartupGate } from '../../renderer/startup/StartupGate.js';
import { fakeRegister } from './fake-register.js';

afterEach(cleanup);

/** Answers the given views in turn, then the last one for ever. */
function answersInTurn(...views: (StartupView | Error)[]) {
  let next = 0;
  return () => {
    const view = views[Math.min(next, views.length - 1)];
    next += 1;
    if (view instanceof Error) throw view;
    if (!view) throw new Error('no views');
    return view;
  };
}

const upgrading = (done: number): StartupView => ({
  phase: 'upgrading',
  step: 'reorganising the event log',
  done,
  total: 1_000_000,
});

describe('start-up gate', () => {
  it('shows an upgrade’s progress as it moves, then the register', async () => {
    const register = fakeRegister({
      startup: answersInTurn(
        { phase: 'opening' },
        upgrading(0),
        // Answered twice: the test reads the bar while it shows this.
        upgrading(400_000),
        upgrading(400_000),
        upgrading(1_000_000),
        { phase: 'ready' },
      ),
    });
    render(
      <StartupGate api={register.api}>
        <p>the till</p>
      </StartupGate>,
    );
    expect(await screen.findByText('Opening the register…')).toBeTruthy();
    const bar = await screen.findByRole('progressbar', {
      name: 'Upgrading the ledger: reorganising the event log',
    });
    expect(await screen.findByText('400,000 of 1,000,000 (40%)')).toBeTruthy();
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(screen.getByText(/Nothing is lost if the register is switched off now/)).toBeTruthy();
    expect(screen.queryByText('the till')).toBeNull();
    // At the end the commit and the open still take a moment: the page says so.
    expect(
      await screen.findByText('Saving the upgraded ledger and opening the register…'),
    ).toBeTruthy();
    expect(await screen.findByText('the till', {}, { timeout: 3_000 })).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    // Once ready it stops asking.
    const asked = register.callsTo('startup').length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(register.callsTo('startup')).toHaveLength(asked);
  });

  it('says why a start failed, and stops asking', async () => {
    const register = fakeRegister({
      startup: answersInTurn({
        phase: 'failed',
        message: 'The ledger file is damaged. Restore it from a backup.',
      }),
    });
    render(
      <StartupGate api={register.api}>
        <p>the till</p>
      </StartupGate>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The register could not start: The ledger file is damaged. Restore it from a backup.',
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(register.callsTo('startup')).toHaveLength(1);
    expect(screen.queryByText('the till')).toBeNull();
  });

  it('a shell that does not answer yet is asked again', async () => {
    const register = fakeRegister({
      startup: answersInTurn(
        new ApiError({ code: 'NETWORK', message: 'The register host did not answer.' }),
        { phase: 'ready' },
      ),
    });
    render(
      <StartupGate api={register.api}>
        <p>the till</p>
      </StartupGate>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The register is not answering yet: The register host did not answer.',
    );
    expect(await screen.findByText('the till', {}, { timeout: 3_000 })).toBeTruthy();
  });
});
