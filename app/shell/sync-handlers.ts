// The Sync screen's calls over the register core (spread into createApiHandlers).
import type { Register } from '../register/register.js';
import { MasterClient, MasterUnreachableError } from '../sync/master-client.js';
import type { ApiHandler } from './api-handlers.js';

export interface SyncHandlers {
  storeRegisters: ApiHandler<'storeRegisters'>;
}

export interface SyncHandlerOptions {
  /** How long the manager waits for the master before the answer is 'unknown'. */
  timeoutMs?: number;
}

export function createSyncHandlers(
  register: Register,
  options: SyncHandlerOptions = {},
): SyncHandlers {
  return {
    storeRegisters: async () => {
      const settings = register.ledger.settings;
      const url = settings.get('master_url');
      const token = settings.get('master_token');
      if (!url || token === undefined) {
        return {
          status: 'unknown',
          reason: 'not-enrolled',
          message: 'This register is not enrolled with a master, so it knows no other registers.',
        };
      }
      // A client of its own: a manager's look at the list must not hold up the till's client.
      const client = new MasterClient({ url, token, timeoutMs: options.timeoutMs ?? 5_000 });
      try {
        const answer = await client.storeRegisters(register.ledger.storeId);
        const ours = register.ledger.originId;
        return {
          status: 'known',
          checkedAt: new Date().toISOString(),
          headSeq: answer.headSeq,
          registers: answer.registers.map((row) => ({
            originId: row.originId,
            registerName: row.registerName,
            thisRegister: row.originId === ours,
            lastPushAt: row.lastPushAt,
            lastPullAt: row.lastPullAt,
            behind: row.behind,
          })),
        };
      } catch (error) {
        if (error instanceof MasterUnreachableError) {
          return {
            status: 'unknown',
            reason: 'master-unreachable',
            message: `The master cannot be reached, so how up to date the registers are is unknown. ${error.message}`,
          };
        }
        throw error;
      } finally {
        await client.close();
      }
    },
  };
}
