// The people who may sign in at this register, in the ledger file (so a backup restores them with
// the events they signed). A PIN identifies its owner, so no two active people share one.
import { randomUUID } from 'node:crypto';
import type { Ledger } from '../ledger/ledger.js';
import { UserError } from '../shared/errors.js';
import { hashPin, isValidPin, PIN_RULE, pinMatches } from './pin.js';

export type StaffRole = 'cashier' | 'manager';

/** Who is signed in: never carries the PIN or its hash. */
export interface StaffIdentity {
  staffId: string;
  name: string;
  role: StaffRole;
}

export interface StaffMember extends StaffIdentity {
  createdAt: string;
  disabledAt: string | null;
}

/** Short enough that "Casey (approved by Morgan)" fits the 64 characters of an event's actor. */
export const STAFF_NAME_MAX = 24;

interface StaffRow {
  staff_id: string;
  name: string;
  role: StaffRole;
  pin_salt: Buffer;
  pin_hash: Buffer;
  created_at: string;
  disabled_at: string | null;
}

const member = (row: StaffRow): StaffMember => ({
  staffId: row.staff_id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
});

export class StaffStore {
  // PIN checks are asynchronous (scrypt): writes wait their turn so two enrolments cannot both
  // pass the "PIN not taken" check with the same PIN.
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ledger: Ledger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  activeCount(): number {
    const row = this.ledger
      .statement('SELECT count(*) AS n FROM staff WHERE disabled_at IS NULL')
      .get() as { n: number };
    return row.n;
  }

  list(): StaffMember[] {
    return (
      this.ledger
        .statement('SELECT * FROM staff ORDER BY disabled_at IS NOT NULL, name COLLATE NOCASE')
        .all() as StaffRow[]
    ).map(member);
  }

  /** The active person whose PIN this is, if any. */
  async findByPin(pin: string): Promise<StaffIdentity | undefined> {
    if (!isValidPin(pin)) return undefined;
    const rows = this.ledger
      .statement('SELECT * FROM staff WHERE disabled_at IS NULL ORDER BY created_at')
      .all() as StaffRow[];
    for (const row of rows) {
      if (await pinMatches(pin, { salt: row.pin_salt, hash: row.pin_hash })) {
        const { staffId, name, role } = member(row);
        return { staffId, name, role };
      }
    }
    return undefined;
  }

  add(input: { name: string; role: StaffRole; pin: string }): Promise<StaffMember> {
    return this.serialized(async () => {
      const name = checkedName(input.name);
      await this.checkPinFree(input.pin);
      if (this.activeByName(name)) {
        throw new UserError('INVALID_INPUT', `There is already someone called ${name} here.`);
      }
      const { salt, hash } = await hashPin(input.pin);
      const staffId = randomUUID();
      this.ledger
        .statement(
          `INSERT INTO staff (staff_id, name, role, pin_salt, pin_hash, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(staffId, name, input.role, salt, hash, this.now().toISOString());
      return this.byId(staffId);
    });
  }

  setPin(staffId: string, pin: string): Promise<StaffMember> {
    return this.serialized(async () => {
      const person = this.activeById(staffId);
      await this.checkPinFree(pin, staffId);
      const { salt, hash } = await hashPin(pin);
      this.ledger
        .statement('UPDATE staff SET pin_salt = ?, pin_hash = ? WHERE staff_id = ?')
        .run(salt, hash, person.staffId);
      return this.byId(staffId);
    });
  }

  disable(staffId: string): Promise<StaffMember> {
    return this.serialized(() => {
      const person = this.activeById(staffId);
      if (person.role === 'manager' && this.activeManagers() === 1) {
        throw new UserError(
          'NOT_ALLOWED',
          `${person.name} is the only manager: add another manager before disabling them.`,
        );
      }
      this.ledger
        .statement('UPDATE staff SET disabled_at = ? WHERE staff_id = ?')
        .run(this.now().toISOString(), staffId);
      return Promise.resolve(this.byId(staffId));
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work, work);
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async checkPinFree(pin: string, except?: string): Promise<void> {
    if (!isValidPin(pin)) throw new UserError('INVALID_INPUT', PIN_RULE);
    const owner = await this.findByPin(pin);
    // The message must not say whose PIN it is: that would hand it to whoever typed it.
    if (owner && owner.staffId !== except) {
      throw new UserError('INVALID_INPUT', 'That PIN is taken: choose another.');
    }
  }

  private activeManagers(): number {
    const row = this.ledger
      .statement("SELECT count(*) AS n FROM staff WHERE disabled_at IS NULL AND role = 'manager'")
      .get() as { n: number };
    return row.n;
  }

  private activeByName(name: string): StaffRow | undefined {
    return this.ledger
      .statement('SELECT * FROM staff WHERE disabled_at IS NULL AND name = ? COLLATE NOCASE')
      .get(name) as StaffRow | undefined;
  }

  private activeById(staffId: string): StaffMember {
    const row = this.ledger
      .statement('SELECT * FROM staff WHERE staff_id = ? AND disabled_at IS NULL')
      .get(staffId) as StaffRow | undefined;
    if (!row) throw new UserError('INVALID_INPUT', 'There is no such person signed up here.');
    return member(row);
  }

  private byId(staffId: string): StaffMember {
    return member(
      this.ledger.statement('SELECT * FROM staff WHERE staff_id = ?').get(staffId) as StaffRow,
    );
  }
}

function checkedName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length < 1 || name.length > STAFF_NAME_MAX) {
    throw new UserError('INVALID_INPUT', `A name is 1 to ${STAFF_NAME_MAX} characters.`);
  }
  return name;
}
