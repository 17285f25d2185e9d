// Every call of the register API against the access policy, through the one dispatcher both shells
// use: nobody signed in, the register locked, or a cashier making a manager's call is refused with
// 401/403 and a plain message, and the handler is never called.
import { describe, expect, it, vi } from 'vitest';
import { REGISTER_API_METHODS } from '../../app/protocol/register-api.js';
import { ACCESS } from '../../app/shell/access-policy.js';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import type { ApiHandlers } from '../../app/shell/api-handlers.js';
import { StaffSession } from '../../app/staff/staff-session.js';
import type { StaffStore } from '../../app/staff/staff-store.js';

const PEOPLE = {
  '1234': { staffId: 'staff-morgan', name: 'Morgan', role: 'manager' },
  '0000': { staffId: 'staff-casey', name: 'Casey', role: 'cashier' },
} as const;

function sessionOf(): StaffSession {
  const store = {
    activeCount: () => 2,
    findByPin: (pin: string) => Promise.resolve(PEOPLE[pin as keyof typeof PEOPLE]),
  };
  return new StaffSession({ store: store as unknown as StaffStore, idleLockMinutes: () => 5 });
}

/** Handlers that only record that they were called. */
function spyHandlers() {
  const called: string[] = [];
  const handlers = new Proxy({} as ApiHandlers, {
    get: (_target, method: string) =>
      vi.fn(() => {
        called.push(method);
        return Promise.reject(new Error('a refused call must never reach its handler'));
      }),
  });
  return { handlers, called };
}

const byAccess = (access: string) =>
  REGISTER_API_METHODS.filter((method) => ACCESS[method] === access);
const staffOrManager = [...byAccess('staff'), ...byAccess('manager')];

describe('access policy at the dispatcher', () => {
  it('covers the contract: a few calls are open, the rest need staff, a manager’s are marked', () => {
    expect(byAccess('open')).toEqual(
      expect.arrayContaining(['status', 'staffSession', 'signIn', 'managerApprove']),
    );
    expect(byAccess('manager')).toEqual(
      expect.arrayContaining(['setMode', 'stocktakeCommit', 'enrol', 'staffAdd', 'activity']),
    );
    expect(staffOrManager.length).toBeGreaterThan(20);
  });

  it.each(staffOrManager)(
    '%s: refused with 401 SIGNED_OUT while nobody is signed in',
    async (method) => {
      const { handlers, called } = spyHandlers();
      const answer = await dispatchApiCall(handlers, method, {}, { session: sessionOf() });
      expect(answer).toEqual({
        status: 401,
        result: {
          ok: false,
          error: { code: 'SIGNED_OUT', message: expect.stringMatching(/PIN/) as unknown },
        },
      });
      expect(called).toEqual([]);
    },
  );

  it.each(staffOrManager)(
    '%s: refused with 401 LOCKED while the register is locked',
    async (method) => {
      const session = sessionOf();
      await session.signIn('1234');
      session.lock();
      const { handlers, called } = spyHandlers();
      const answer = await dispatchApiCall(handlers, method, {}, { session });
      expect(answer).toMatchObject({ status: 401, result: { error: { code: 'LOCKED' } } });
      expect(called).toEqual([]);
    },
  );

  it.each(byAccess('manager'))(
    '%s: refused with 403 MANAGER_REQUIRED for a cashier without a manager’s PIN',
    async (method) => {
      const session = sessionOf();
      await session.signIn('0000');
      const { handlers, called } = spyHandlers();
      const answer = await dispatchApiCall(handlers, method, {}, { session });
      expect(answer).toMatchObject({
        status: 403,
        result: {
          error: { code: 'MANAGER_REQUIRED', message: expect.stringMatching(/manager/) as unknown },
        },
      });
      expect(called).toEqual([]);
    },
  );

  it('a cashier with a manager’s approval gets one manager call through, as "Casey approved by Morgan"', async () => {
    const session = sessionOf();
    await session.signIn('0000');
    await session.approve('1234');
    const seen: unknown[] = [];
    const handlers = {
      setMode: (_input: unknown, context: unknown) => {
        seen.push(context);
        return Promise.reject(new Error('stop here'));
      },
    } as unknown as ApiHandlers;
    await dispatchApiCall(handlers, 'setMode', { mode: 'strong' }, { session });
    expect(seen).toEqual([
      expect.objectContaining({
        staff: expect.objectContaining({ name: 'Casey' }) as unknown,
        approvedBy: expect.objectContaining({ name: 'Morgan' }) as unknown,
      }) as unknown,
    ]);
    const again = await dispatchApiCall(handlers, 'setMode', { mode: 'strong' }, { session });
    expect(again.status).toBe(403);
    expect(seen).toHaveLength(1);
  });

  it.each(byAccess('open'))('%s: open, never refused for want of a session', async (method) => {
    const { handlers } = spyHandlers();
    const answer = await dispatchApiCall(
      handlers,
      method,
      {},
      {
        session: sessionOf(),
      },
    );
    expect([401, 403]).not.toContain(answer.status);
  });
});
