// What push and strong-mode sale share: who may write which events, and how refusals are told.
import type { FastifyRequest } from 'fastify';
import type { LedgerEvent } from '../../protocol/events.js';
import { forbidden } from '../http-errors.js';
import { EventConflictError } from '../master-errors.js';
import type { AppendRequest, AppendResult, MasterStorage, RegisterRecord } from '../storage.js';

/** A register writes only its own store's events, and only under origins it has claimed. */
export function authorizeEvents(caller: RegisterRecord, events: readonly LedgerEvent[]): void {
  const origins = new Set(caller.origins);
  events.forEach((event, index) => {
    if (event.storeId !== caller.storeId) {
      throw forbidden(
        `body.events.${index}: storeId "${event.storeId}" is not this register's store "${caller.storeId}"`,
      );
    }
    if (!origins.has(event.originId)) {
      throw forbidden(
        `body.events.${index}: origin ${event.originId} is not claimed by register ${caller.registerId}; claim it with POST /v1/origins`,
      );
    }
  });
}

/** Appends; a refused batch (GAP, CONFLICT) wrote nothing and is answered by error-mapping.ts. */
export async function appendEvents(
  request: FastifyRequest,
  storage: MasterStorage,
  append: AppendRequest,
): Promise<AppendResult> {
  try {
    return await storage.append(append);
  } catch (error) {
    if (error instanceof EventConflictError) {
      // Two different events under one key means a ledger was copied or tampered with: IT must look.
      request.log.error(
        { registerId: request.caller?.registerId, ...error.key },
        'conflicting event refused',
      );
    }
    throw error;
  }
}
