// Who is at this register: one session per register process, shared by whichever shell carries
// the page. The server is the authority on signed-in, locked and approved; the page only asks.
import {
  AccessRefused,
  locked as lockedRefusal,
  managerRequired,
  signedOut,
} from './access-errors.js';
import type { StaffIdentity, StaffStore } from './staff-store.js';
import { UserError } from '../shared/errors.js';

export interface SessionView {
  signedIn: { name: string; role: StaffIdentity['role'] } | null;
  locked: boolean;
  /** No one can sign in yet: the first manager must be created. */
  noStaffYet: boolean;
  /** 0: the register never locks by itself. */
  idleLockMinutes: number;
}

/** Who a call acts as, once the session has let it through. */
export interface Admitted {
  staff: StaffIdentity;
  /** The manager whose PIN approved this one call, when a cashier made it. */
  approvedBy?: StaffIdentity;
}

export interface StaffSessionOptions {
  store: StaffStore;
  idleLockMinutes: () => number;
  /** Milliseconds; injectable so tests can move time. */
  clock?: () => number;
  /** Told after every change, for the page's header and lock overlay. */
  onChange?: (view: SessionView) => void;
}

export const WRONG_PINS_BEFORE_PAUSE = 5;
export const PIN_PAUSE_MS = 60_000;
export const APPROVAL_VALID_MS = 60_000;

export class StaffSession {
  private current: StaffIdentity | null = null;
  private isLocked = false;
  private lastActivity = 0;
  private wrongPins = 0;
  private pausedUntil = 0;
  private approval: { manager: StaffIdentity; until: number } | null = null;
  private readonly clock: () => number;

  constructor(private readonly options: StaffSessionOptions) {
    this.clock = options.clock ?? Date.now;
  }

  view(): SessionView {
    this.checkIdle();
    return {
      signedIn: this.current ? { name: this.current.name, role: this.current.role } : null,
      locked: this.isLocked,
      noStaffYet: this.options.store.activeCount() === 0,
      idleLockMinutes: this.options.idleLockMinutes(),
    };
  }

  /** Locks a session left idle too long; true when it locked now. Run on a timer and per call. */
  checkIdle(): boolean {
    const minutes = this.options.idleLockMinutes();
    if (!this.current || this.isLocked || minutes <= 0) return false;
    if (this.clock() - this.lastActivity < minutes * 60_000) return false;
    this.lockNow();
    return true;
  }

  async signIn(pin: string): Promise<StaffIdentity> {
    const who = await this.identify(pin);
    this.current = who;
    this.isLocked = false;
    this.approval = null;
    this.lastActivity = this.clock();
    this.changed();
    return who;
  }

  /** Someone signing in as the very first manager of a new register. */
  async firstManager(name: string, pin: string): Promise<StaffIdentity> {
    if (this.options.store.activeCount() > 0) {
      throw new UserError(
        'NOT_ALLOWED',
        'This register already has staff: a manager adds people from the Staff screen.',
      );
    }
    const created = await this.options.store.add({ name, role: 'manager', pin });
    const who: StaffIdentity = { staffId: created.staffId, name: created.name, role: 'manager' };
    this.current = who;
    this.isLocked = false;
    this.lastActivity = this.clock();
    this.changed();
    return who;
  }

  signOut(): void {
    this.current = null;
    this.isLocked = false;
    this.approval = null;
    this.changed();
  }

  lock(): void {
    if (this.current && !this.isLocked) this.lockNow();
  }

  /** A manager's PIN, given for the next manager-only call (valid a minute, used once). */
  async approve(pin: string): Promise<StaffIdentity> {
    const who = await this.identify(pin);
    if (who.role !== 'manager') {
      throw managerRequired('Approval');
    }
    this.approval = { manager: who, until: this.clock() + APPROVAL_VALID_MS };
    return who;
  }

  /** Uses up the pending approval, if one is still valid. */
  takeApproval(): StaffIdentity | undefined {
    const approval = this.approval;
    this.approval = null;
    if (!approval || this.clock() > approval.until) return undefined;
    return approval.manager;
  }

  /** Lets a call through, or refuses it. Each admitted call counts as activity. */
  admit(access: 'staff' | 'manager'): Admitted {
    this.checkIdle();
    if (!this.current) throw signedOut();
    if (this.isLocked) throw lockedRefusal();
    this.lastActivity = this.clock();
    if (access === 'staff' || this.current.role === 'manager') return { staff: this.current };
    const approvedBy = this.takeApproval();
    if (!approvedBy) throw managerRequired();
    return { staff: this.current, approvedBy };
  }

  /** The signed-in person, when the register is not locked. */
  active(): StaffIdentity | undefined {
    this.checkIdle();
    return this.current && !this.isLocked ? this.current : undefined;
  }

  private async identify(pin: string): Promise<StaffIdentity> {
    const now = this.clock();
    if (now < this.pausedUntil) throw tooManyTries(this.pausedUntil - now);
    const who = await this.options.store.findByPin(pin);
    if (who) {
      this.wrongPins = 0;
      return who;
    }
    this.wrongPins += 1;
    if (this.wrongPins >= WRONG_PINS_BEFORE_PAUSE) {
      this.wrongPins = 0;
      this.pausedUntil = this.clock() + PIN_PAUSE_MS;
      throw tooManyTries(PIN_PAUSE_MS);
    }
    throw new AccessRefused('PIN_REFUSED', 'That PIN is not right. Try again.');
  }

  /** The idle minutes changed: the page hears the new view, and a session now over it locks. */
  settingsChanged(): void {
    if (!this.checkIdle()) this.changed();
  }

  private lockNow(): void {
    this.isLocked = true;
    this.approval = null;
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.(this.view());
  }
}

function tooManyTries(waitMs: number): AccessRefused {
  const seconds = Math.ceil(waitMs / 1000);
  return new AccessRefused(
    'TOO_MANY_TRIES',
    `Too many wrong PINs. Sign-in is paused: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  );
}
