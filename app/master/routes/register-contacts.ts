// Which registers of a store exist and how stale each one's view is, for the manager's Sync
// screen; and the hook that records each register's pushes and pulls as they are answered.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { storeRegistersParamsSchema, storeRegistersResponseSchema } from '../../protocol/wire.js';
import { callerOf } from '../auth.js';
import { forbidden } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import type { RouteDeps } from './deps.js';

const pulledTo = new WeakMap<FastifyRequest, { position: number; headSeq: number }>();

/**
 * The feed route names the position its answer reaches and the feed's head as it read it; the
 * hook records the position once answered.
 */
export function notePulledTo(request: FastifyRequest, position: number, headSeq: number): void {
  pulledTo.set(request, { position, headSeq });
}

const PUSH_ROUTES = new Set(['/v1/events', '/v1/sales', '/v1/repair']);
/**
 * A strong-mode store pushes on every sale: noting each one would add a write (and an fsync) to
 * every sale's path. "Last sent a minute ago" is as precise as the manager needs.
 */
export const PUSH_CONTACT_INTERVAL_MS = 60_000;
/**
 * A nightly batch pulls thousands of pages: noting each would be a write (and an fsync) per
 * page. A page that reaches the head is always noted, so a register that finished pulling shows
 * behind by exactly what arrived since; pages on the way are noted at most this often, so a
 * pull cut short shows the register behind by at most what it pulled in the last few seconds,
 * never less than it really is.
 */
export const PULL_CONTACT_INTERVAL_MS = 10_000;

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
  const pullNoted = new Map<string, { at: number; position: number }>();
  const pullWorthNoting = (
    registerId: string,
    now: number,
    pull: { position: number; headSeq: number },
  ): boolean => {
    const last = pullNoted.get(registerId);
    const recent = last !== undefined && now - last.at < PULL_CONTACT_INTERVAL_MS && now >= last.at;
    // At the head: noted unless this very position was noted moments ago (a till polling an
    // idle feed), so the last page of a pull is never left out.
    if (recent && (pull.position < pull.headSeq || pull.position === last.position)) return false;
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
      const pull = pulledTo.get(request);
      if (pull !== undefined && pullWorthNoting(caller.registerId, now.getTime(), pull)) {
        await storage.contacts.recordPull(caller.registerId, pull.position, at);
        pullNoted.set(caller.registerId, { at: now.getTime(), position: pull.position });
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
