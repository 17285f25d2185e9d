// Which registers of a store exist and how stale each one's view is, for the manager's Sync
// screen; and the hook that records each register's pushes and pulls as they are answered.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { storeRegistersParamsSchema, storeRegistersResponseSchema } from '../../protocol/wire.js';
import { callerOf } from '../auth.js';
import { forbidden } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import type { RouteDeps } from './deps.js';

const pulledTo = new WeakMap<FastifyRequest, number>();

/** The feed route names the position its answer reaches; the hook records it once answered. */
export function notePulledTo(request: FastifyRequest, position: number): void {
  pulledTo.set(request, position);
}

const PUSH_ROUTES = new Set(['/v1/events', '/v1/sales', '/v1/repair']);
/**
 * A strong-mode store pushes on every sale: noting each one would add a write (and an fsync) to
 * every sale's path. "Last sent a minute ago" is as precise as the manager needs.
 */
export const PUSH_CONTACT_INTERVAL_MS = 60_000;

function pushedEvents(request: FastifyRequest): boolean {
  const body = request.body as { events?: unknown } | undefined;
  return Array.isArray(body?.events) && body.events.length > 0;
}

export function registerContactRoutes(app: FastifyInstance, { storage, clock }: RouteDeps): void {
  const pushNoted = new Map<string, number>();
  const pushWorthNoting = (registerId: string, now: number): boolean => {
    const last = pushNoted.get(registerId);
    if (last !== undefined && now - last < PUSH_CONTACT_INTERVAL_MS && now >= last) return false;
    pushNoted.set(registerId, now);
    return true;
  };
  // Recorded before the answer leaves, so a register that saw its answer is already on the list.
  // A contact is bookkeeping: failing to note one never fails the push or the pull itself.
  app.addHook('onSend', async (request, reply, payload) => {
    const caller = request.caller;
    if (!caller || reply.statusCode >= 300) return payload;
    const now = clock();
    const at = now.toISOString();
    const route = request.routeOptions.url ?? '';
    try {
      if (
        PUSH_ROUTES.has(route) &&
        request.method === 'POST' &&
        pushedEvents(request) &&
        pushWorthNoting(caller.registerId, now.getTime())
      ) {
        await storage.contacts.recordPush(caller.registerId, at);
      }
      const position = pulledTo.get(request);
      if (position !== undefined) {
        await storage.contacts.recordPull(caller.registerId, position, at);
      }
    } catch (error) {
      request.log.warn({ err: error, registerId: caller.registerId }, 'contact not recorded');
    }
    return payload;
  });

  /** Only a register of the store may see the store's registers. */
  app.get('/v1/stores/:storeId/registers', async (request) => {
    const caller = callerOf(request);
    const { storeId } = parseRequest(storeRegistersParamsSchema, 'params', request.params);
    if (storeId !== caller.storeId) {
      throw forbidden(
        `params.storeId: "${storeId}" is not this register's store "${caller.storeId}"`,
      );
    }
    const answer = await storage.contacts.ofStore(storeId);
    return checkedResponse(storeRegistersResponseSchema, { storeId, ...answer });
  });
}
