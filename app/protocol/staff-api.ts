// The register API's calls about people: signing in and out, the lock, a manager's approval for
// one call, the staff list and the manager's journal. Spread into registerApi (register-api.ts).
// A PIN travels only in these payloads; no answer ever carries a PIN or its hash.
import { z } from 'zod';

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

const noInput = z.strictObject({});
export const pinSchema = z.string().regex(/^[0-9]{4,8}$/, 'a PIN is 4 to 8 digits');
const staffIdSchema = z.string().min(1, 'say who').max(64);
export const staffRoleSchema = z.enum(['cashier', 'manager']);
export type StaffRoleName = z.infer<typeof staffRoleSchema>;
const staffNameSchema = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(24, 'a name is at most 24 characters');

export const sessionViewSchema = z.object({
  signedIn: z.object({ name: z.string(), role: staffRoleSchema }).nullable(),
  locked: z.boolean(),
  /** No one can sign in yet: the register waits for its first manager. */
  noStaffYet: z.boolean(),
  /** 0: the register never locks by itself. */
  idleLockMinutes: z.number().int().nonnegative(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const staffMemberSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  role: staffRoleSchema,
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type StaffMemberView = z.infer<typeof staffMemberSchema>;

export const activityEntrySchema = z.object({
  at: z.string(),
  kind: z.enum([
    'sale',
    'return',
    'delivery',
    'correction',
    'stocktake',
    'cancellation',
    'transfer',
  ]),
  /** Who did it; "Casey (approved by Morgan)" when a manager's PIN approved a cashier's call. */
  actor: z.string(),
  detail: z.string(),
  titles: z.number().int().nonnegative(),
  copies: z.number().int(),
});
export type ActivityEntryView = z.infer<typeof activityEntrySchema>;

/** The store's rules for the register's staff, set by a manager in Settings. */
export const staffPolicySchema = z.strictObject({
  /** 0: the register never locks by itself. */
  idleLockMinutes: z
    .number()
    .int()
    .min(0, 'idle minutes cannot be negative')
    .max(480, 'lock after at most 480 minutes (8 hours)'),
  /** A shelf correction changing the count by more than this needs a manager's PIN. */
  correctionManagerThreshold: z
    .number()
    .int()
    .min(0, 'the threshold cannot be negative')
    .max(1000, 'the threshold is at most 1,000 copies'),
});
export type StaffPolicy = z.infer<typeof staffPolicySchema>;

export const staffCalls = {
  staffSession: call(noInput, sessionViewSchema),
  signIn: call(z.strictObject({ pin: pinSchema }), sessionViewSchema),
  signOut: call(noInput, sessionViewSchema),
  lock: call(noInput, sessionViewSchema),
  /** Approves the next manager-only call, once, within a minute. */
  managerApprove: call(
    z.strictObject({ pin: pinSchema }),
    z.object({ manager: z.string(), validSeconds: z.number().int().positive() }),
  ),
  /** Only while the register has no staff at all: a new store's first manager. */
  firstManager: call(z.strictObject({ name: staffNameSchema, pin: pinSchema }), sessionViewSchema),
  staffPolicy: call(noInput, staffPolicySchema),
  setStaffPolicy: call(staffPolicySchema, staffPolicySchema),
  staffList: call(noInput, z.array(staffMemberSchema)),
  staffAdd: call(
    z.strictObject({ name: staffNameSchema, role: staffRoleSchema, pin: pinSchema }),
    staffMemberSchema,
  ),
  staffSetPin: call(z.strictObject({ staffId: staffIdSchema, pin: pinSchema }), staffMemberSchema),
  staffDisable: call(z.strictObject({ staffId: staffIdSchema }), staffMemberSchema),
  activity: call(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
    z.array(activityEntrySchema),
  ),
} as const;
