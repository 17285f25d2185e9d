import type { FastifyInstance } from 'fastify';
import {
  availabilityParamsSchema,
  availabilityResponseSchema,
  catalogResponseSchema,
  feedPageEnvelopeSchema,
  feedQuerySchema,
  titleStateParamsSchema,
  titleStateResponseSchema,
} from '../../protocol/wire.js';
import { notFound } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import type { RouteDeps } from './deps.js';
import { notePulledTo } from './register-contacts.js';

export function readRoutes(app: FastifyInstance, { storage }: RouteDeps): void {
  /** The chain's events in the master's arrival order, a page at a time. */
  app.get('/v1/feed', async (request) => {
    const { after, limit } = parseRequest(feedQuerySchema, 'query', request.query);
    const page = await storage.feed(after, limit);
    const nextAfter = page.entries.at(-1)?.masterSeq ?? after;
    notePulledTo(request, nextAfter, page.headSeq);
    // The envelope is checked as every reply is; the events are not parsed again: each was checked
    // when it was appended and is read back as stored.
    return checkedResponse(feedPageEnvelopeSchema, {
      entries: page.entries,
      nextAfter,
      headSeq: page.headSeq,
    });
  });

  /** Read repair: the master's count of one title and exactly which events it reflects. */
  app.get('/v1/stock/:storeId/:isbn', async (request) => {
    const { storeId, isbn } = parseRequest(titleStateParamsSchema, 'params', request.params);
    if (!(await storage.store(storeId))) throw notFound(`no store "${storeId}" in this chain`);
    const state = await storage.titleState(storeId, isbn);
    return checkedResponse(titleStateResponseSchema, { storeId, isbn, ...state });
  });

  /** "Is it in stock anywhere?": every store's count of one title. */
  app.get('/v1/availability/:isbn', async (request) => {
    const { isbn } = parseRequest(availabilityParamsSchema, 'params', request.params);
    return checkedResponse(availabilityResponseSchema, {
      isbn,
      stores: await storage.availability(isbn),
    });
  });

  app.get('/v1/catalog', async () =>
    checkedResponse(catalogResponseSchema, {
      stores: await storage.stores(),
      titles: await storage.titles(),
    }),
  );
}
