// The manager's Sync screen in the register API (spread into registerApi): the registers of this
// store as the master knows them, each with how stale its view of the chain is. Shared with the
// renderer, so it must stay free of Node APIs.
import { z } from 'zod';
import { originIdSchema } from './events.js';

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const storeRegisterViewSchema = z.object({
  originId: originIdSchema,
  registerName: z.string(),
  /** This very register (one of its origins). */
  thisRegister: z.boolean(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  /** Events of the chain it has not pulled yet. */
  behind: z.number().int().nonnegative(),
});
export type StoreRegisterView = z.infer<typeof storeRegisterViewSchema>;

/** Only the master knows the other registers: without it the answer is 'unknown', not an error. */
export const storeRegistersSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('known'),
    checkedAt: z.string(),
    /** The master's feed head when it answered. */
    headSeq: z.number().int().nonnegative(),
    registers: z.array(storeRegisterViewSchema),
  }),
  z.object({
    status: z.literal('unknown'),
    reason: z.enum(['not-enrolled', 'master-unreachable']),
    message: z.string(),
  }),
]);
export type StoreRegisters = z.infer<typeof storeRegistersSchema>;

export const syncCalls = {
  storeRegisters: call(z.strictObject({}), storeRegistersSchema),
} as const;
