import type { FastifyInstance } from 'fastify';
import {
  digestParamsSchema,
  digestResponseSchema,
  MAX_EVENTS_PER_PAGE,
  repairRequestSchema,
  repairResponseSchema,
} from '../../protocol/wire.js';
import { callerOf } from '../auth.js';
import { forbidden } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import { appendEvents, authorizeEvents } from './append-events.js';
import type { RouteDeps } from './deps.js';

export function repairRoutes(app: FastifyInstance, { storage }: RouteDeps): void {
  /**
   * Read repair of one title in one round trip: store what the register brought, then answer
   * with the master's count and what the register lacks for that title.
   */
  app.post('/v1/repair', async (request) => {
    const caller = callerOf(request);
    const body = parseRequest(repairRequestSchema, 'body', request.body);
    if (body.storeId !== caller.storeId) {
      throw forbidden(
        `body.storeId: "${body.storeId}" is not this register's store "${caller.storeId}"`,
      );
    }
    authorizeEvents(caller, body.events);
    // A register that brings nothing (the usual scan) changes nothing here: one read answers.
    const bringing = body.events.length > 0;
    const before = bringing ? await storage.titleState(body.storeId, body.isbn) : undefined;
    const written = bringing
      ? await appendEvents(request, storage, { events: body.events })
      : { accepted: 0, duplicates: 0, held: {} };
    const view = await storage.repairView(
      body.storeId,
      body.isbn,
      body.vector,
      MAX_EVENTS_PER_PAGE,
    );
    return checkedResponse(repairResponseSchema, {
      accepted: written.accepted,
      duplicates: written.duplicates,
      held: written.held,
      onHandBefore: before?.onHand ?? view.onHand,
      onHand: view.onHand,
      events: view.events,
      complete: view.complete,
    });
  });

  /** Anti-entropy: every title's digest for the caller's own store. */
  app.get('/v1/digests/:storeId', async (request) => {
    const caller = callerOf(request);
    const { storeId } = parseRequest(digestParamsSchema, 'params', request.params);
    if (storeId !== caller.storeId) {
      throw forbidden(
        `params.storeId: "${storeId}" is not this register's store "${caller.storeId}"`,
      );
    }
    const digests = await storage.titleDigests(storeId);
    return checkedResponse(digestResponseSchema, { storeId, ...digests });
  });
}
