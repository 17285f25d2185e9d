// The register's API from the moment a shell starts: the page can load and ask how the start is
// going (an upgrade of a large ledger takes seconds) before the register itself is open. Until it
// is, every other call is refused with STARTING; a malformed one still gets its 4xx first.
import type { UpgradeProgress } from '../ledger/ledger-upgrade.js';
import type { StartupView } from '../protocol/register-api.js';
import { UserError } from '../shared/errors.js';
import type { StaffSession } from '../staff/staff-session.js';
import {
  dispatchApiCall,
  validateCall,
  type DispatchContext,
  type Dispatched,
  type DispatchOptions,
} from './api-dispatch.js';
import type { ApiHandlers } from './api-handlers.js';

/** What the open register gives the API: its handlers and who is signed in. */
export interface OpenedApi {
  handlers: ApiHandlers;
  session: StaffSession;
}

export class Startup {
  private state: StartupView = { phase: 'opening' };
  private opened: OpenedApi | undefined;

  /** A register already open (tests, and shells that have nothing to show before it). */
  static of(api: OpenedApi): Startup {
    const startup = new Startup();
    startup.ready(api);
    return startup;
  }

  view(): StartupView {
    return this.state;
  }

  progress(progress: UpgradeProgress): void {
    const { name: step, done, total } = progress;
    this.state = { phase: 'upgrading', step, done, total };
  }

  ready(api: OpenedApi): void {
    this.opened = api;
    this.state = { phase: 'ready' };
  }

  /** The start stopped: the page says why (the log has the detail). */
  failed(error: unknown): void {
    this.state = {
      phase: 'failed',
      message:
        error instanceof UserError
          ? error.message
          : 'The register could not start; the problem has been logged.',
    };
  }

  async dispatch(
    method: unknown,
    payload: unknown,
    context: Omit<DispatchContext, 'session'> = {},
    options: DispatchOptions = {},
  ): Promise<Dispatched> {
    const opened = this.opened;
    if (opened) {
      return dispatchApiCall(
        opened.handlers,
        method,
        payload,
        { ...context, session: opened.session },
        options,
      );
    }
    const call = validateCall(method, payload);
    if (!call.ok) return call.refusal;
    if (call.method === 'startup') return { status: 200, result: { ok: true, value: this.state } };
    return {
      status: 503,
      result: { ok: false, error: { code: 'STARTING', message: startingMessage(this.state) } },
    };
  }
}

function startingMessage(state: StartupView): string {
  switch (state.phase) {
    case 'opening':
    case 'ready':
      return 'The register is still starting; try again in a moment.';
    case 'upgrading':
      return `The register is upgrading its ledger (${state.step}, ${state.done.toLocaleString('en')} of ${state.total.toLocaleString('en')}); try again when it has finished.`;
    case 'failed':
      return `The register could not start: ${state.message}`;
  }
}
