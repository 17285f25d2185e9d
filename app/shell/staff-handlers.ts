// The register API's calls about people (app/protocol/staff-api.ts) over the register's one
// StaffSession. Who may make each is in access-policy.ts; the session itself refuses a wrong PIN.
import type { Register } from '../register/register.js';
import { recentActivity } from '../staff/activity.js';
import { staffPolicyOf } from '../staff/staff-policy.js';
import { APPROVAL_VALID_MS, type StaffSession } from '../staff/staff-session.js';
import type { StaffStore } from '../staff/staff-store.js';
import type { ApiHandlers } from './api-handlers.js';

type StaffHandlers = Pick<
  ApiHandlers,
  | 'staffSession'
  | 'signIn'
  | 'signOut'
  | 'lock'
  | 'managerApprove'
  | 'firstManager'
  | 'staffPolicy'
  | 'setStaffPolicy'
  | 'staffList'
  | 'staffAdd'
  | 'staffSetPin'
  | 'staffDisable'
  | 'activity'
>;

export function createStaffHandlers(
  register: Register,
  session: StaffSession,
  store: StaffStore,
): StaffHandlers {
  const later = <T>(work: () => T): Promise<T> => Promise.resolve().then(work);
  return {
    staffSession: () => later(() => session.view()),

    signIn: async ({ pin }) => {
      await session.signIn(pin);
      return session.view();
    },

    signOut: () =>
      later(() => {
        session.signOut();
        return session.view();
      }),

    lock: () =>
      later(() => {
        session.lock();
        return session.view();
      }),

    managerApprove: async ({ pin }) => {
      const manager = await session.approve(pin);
      return { manager: manager.name, validSeconds: APPROVAL_VALID_MS / 1000 };
    },

    firstManager: async ({ name, pin }) => {
      await session.firstManager(name, pin);
      return session.view();
    },

    staffPolicy: () => later(() => staffPolicyOf(register.ledger.settings)),

    setStaffPolicy: ({ idleLockMinutes, correctionManagerThreshold }) =>
      later(() => {
        const settings = register.ledger.settings;
        settings.set('idle_lock_minutes', idleLockMinutes);
        settings.set('correction_manager_threshold', correctionManagerThreshold);
        // The page's own idle timer follows the session's view, so it hears of the new minutes.
        session.settingsChanged();
        return staffPolicyOf(register.ledger.settings);
      }),

    staffList: () => later(() => store.list()),

    staffAdd: (input) => store.add(input),

    staffSetPin: ({ staffId, pin }) => store.setPin(staffId, pin),

    staffDisable: async ({ staffId }) => {
      const disabled = await store.disable(staffId);
      // Whoever is disabled stops acting at once, even mid-shift.
      if (session.active()?.staffId === staffId) session.signOut();
      return disabled;
    },

    activity: ({ limit }) => later(() => recentActivity(register.ledger, limit)),
  };
}
