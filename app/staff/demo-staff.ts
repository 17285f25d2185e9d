// The demo store's people, so a first look at the register can sign in at once. Their PINs are
// printed where the register's address is: demo data, never a real store's.
import type { StaffRole, StaffStore } from './staff-store.js';

export const DEMO_STAFF: readonly { name: string; role: StaffRole; pin: string }[] = [
  { name: 'Morgan', role: 'manager', pin: '1234' },
  { name: 'Casey', role: 'cashier', pin: '0000' },
];

export async function seedDemoStaff(store: StaffStore): Promise<void> {
  if (store.activeCount() > 0) return;
  for (const person of DEMO_STAFF) await store.add(person);
}

/** One line for the start output: "Demo staff: Morgan (manager) PIN 1234, Casey (cashier) PIN 0000". */
export function demoStaffLine(): string {
  return `Demo staff: ${DEMO_STAFF.map((p) => `${p.name} (${p.role}) PIN ${p.pin}`).join(', ')}`;
}
