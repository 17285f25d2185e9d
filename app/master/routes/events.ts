import type { FastifyInstance } from 'fastify';
import {
  pushRequestSchema,
  pushResponseSchema,
  saleRequestSchema,
  type PushRequest,
  type SaleRequest,
  saleResponseSchema,
} from '../../protocol/wire.js';
import { callerOf } from '../auth.js';
import { badRequest } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import { appendEvents, authorizeEvents } from './append-events.js';
import type { RouteDeps } from './deps.js';

export function eventRoutes(app: FastifyInstance, { storage }: RouteDeps): void {
  /** Eventual mode: a page of the register's events, resumable by re-sending. */
  app.post('/v1/events', async (request) => {
    const caller = callerOf(request);
    parseRequest(pushRequestSchema, 'body', request.body);
    // The events as they arrived rather than the schema's copies: the schema only checks them
    // (strict keys, no defaults, no transforms), and as sent they list their keys in canonical
    // order (each is a ledger's stored text, parsed), which canonicalEvent writes fastest.
    const { events } = request.body as PushRequest;
    authorizeEvents(caller, events);
    const result = await appendEvents(request, storage, { events });
    return checkedResponse(pushResponseSchema, {
      accepted: result.accepted,
      duplicates: result.duplicates,
      held: result.held,
      headSeq: result.headSeq,
    });
  });

  /** Strong mode: the receipt prints only after this answers, so it answers only once durable. */
  app.post('/v1/sales', async (request) => {
    const caller = callerOf(request);
    parseRequest(saleRequestSchema, 'body', request.body);
    // As sent, not the schema's copies (see /v1/events): canonicalEvent then writes them without
    // sorting their keys.
    const { receiptId, events } = request.body as SaleRequest;
    authorizeEvents(caller, events);
    const sold = new Set<string>();
    for (const event of events) {
      if ((event.kind === 'SALE' || event.kind === 'RETURN') && event.receiptId === receiptId) {
        sold.add(event.isbn);
      }
    }
    if (sold.size === 0) {
      throw badRequest(`body.events: no SALE or RETURN event carries receiptId "${receiptId}"`);
    }
    const result = await appendEvents(request, storage, {
      events,
      onHandFor: { storeId: caller.storeId, isbns: [...sold] },
      refuseNegativeStock: true,
    });
    return checkedResponse(saleResponseSchema, {
      receiptId,
      accepted: result.accepted,
      duplicates: result.duplicates,
      held: result.held,
      headSeq: result.headSeq,
      onHand: result.onHand,
    });
  });
}
