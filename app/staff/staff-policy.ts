// The store's rules for its staff as the register applies them, read in one place (the session's
// idle lock, the correction threshold, and the Settings screen all go through it).
import type { Settings } from '../ledger/settings.js';
import type { StaffPolicy } from '../protocol/staff-api.js';

export function staffPolicyOf(settings: Settings): StaffPolicy {
  // Settings answers its own defaults for both keys; the fallbacks only satisfy the type.
  return {
    idleLockMinutes: settings.get('idle_lock_minutes') ?? 5,
    correctionManagerThreshold: settings.get('correction_manager_threshold') ?? 2,
  };
}
