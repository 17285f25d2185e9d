import type { FastifyInstance } from 'fastify';
import {
  availabilityParamsSchema,
  availabilityResponseSchema,
  catalogResponseSchema,
  feedPageEnvelopeSchema,
  feedQuerySchema,
  titleStateParamsSchema,
  type FeedSkip,
  titleStateResponseSchema,
} from '../../protocol/wire.js';
import { notFound } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import type { StoredFeedPage } from '../sqlite-storage.js';
import type { MasterStorage } from '../storage.js';
import type { RouteDeps } from './deps.js';
import { notePulledTo } from './register-contacts.js';

/** A storage that can hand out the feed as its stored texts (the embedded SQLite one can). */
interface FeedTexts {
  feedTexts(after: number, limit: number, skip?: FeedSkip): Promise<StoredFeedPage>;
}

function keepsFeedTexts(storage: MasterStorage): storage is MasterStorage & FeedTexts {
  return typeof (storage as Partial<FeedTexts>).feedTexts === 'function';
}

/**
 * The feed page's JSON, the same as the parsed page would be written, with each event's stored
 * canonical text spliced in as it is: it was checked against the event schema when appended.
 * The envelope is checked as every reply is, so a master fault is a 500 here, not a page the
 * register refuses.
 */
function feedPageText(stored: StoredFeedPage, after: number): Buffer {
  const { masterSeqs, texts, nextAfter, headSeq } = stored;
  if (masterSeqs.length !== texts.length || (masterSeqs.at(-1) ?? after) > nextAfter) {
    throw new Error(`feed page after ${after}: its entries do not end by its nextAfter`);
  }
  // Written straight into one buffer of the page's exact size: building it as strings held two
  // flat copies of the page at once, and the master's memory while streaming a full pull grew.
  const tail = `],"nextAfter":${nextAfter},"headSeq":${headSeq}}`;
  let size = ENTRIES_OPEN.length + Buffer.byteLength(tail);
  let previous = after;
  for (let index = 0; index < texts.length; index += 1) {
    const masterSeq = masterSeqs[index] ?? 0;
    const text = texts[index] ?? '';
    if (!Number.isSafeInteger(masterSeq) || masterSeq <= previous || !isObjectText(text)) {
      throw new Error(`feed entry ${masterSeq} after ${previous} is not a stored event`);
    }
    size += (index > 0 ? 1 : 0) + ENTRY_OPEN.length + String(masterSeq).length;
    size += EVENT_OPEN.length + Buffer.byteLength(text) + 1;
    previous = masterSeq;
  }
  const page = Buffer.allocUnsafe(size);
  let at = page.write(ENTRIES_OPEN, 0, 'latin1');
  for (let index = 0; index < texts.length; index += 1) {
    if (index > 0) at += page.write(',', at, 'latin1');
    at += page.write(ENTRY_OPEN, at, 'latin1');
    at += page.write(String(masterSeqs[index]), at, 'latin1');
    at += page.write(EVENT_OPEN, at, 'latin1');
    at += page.write(texts[index] ?? '', at, 'utf8');
    at += page.write('}', at, 'latin1');
  }
  at += page.write(tail, at, 'latin1');
  if (at !== size) throw new Error(`feed page after ${after}: wrote ${at} bytes of ${size}`);
  return page;
}

const ENTRIES_OPEN = '{"entries":[';
const ENTRY_OPEN = '{"masterSeq":';
const EVENT_OPEN = ',"event":';

/** A stored canonical text is one JSON object; anything else would break the page's JSON. */
function isObjectText(text: string): boolean {
  return text.startsWith('{') && text.endsWith('}');
}

export function readRoutes(app: FastifyInstance, { storage }: RouteDeps): void {
  /** The chain's events in the master's arrival order, a page at a time. */
  app.get('/v1/feed', async (request, reply) => {
    const { after, limit, skip } = parseRequest(feedQuerySchema, 'query', request.query);
    if (keepsFeedTexts(storage)) {
      const stored = await storage.feedTexts(after, limit, skip);
      notePulledTo(request, stored.nextAfter, stored.headSeq);
      void reply.type('application/json; charset=utf-8');
      return feedPageText(stored, after);
    }
    const page = await storage.feed(after, limit, skip);
    notePulledTo(request, page.nextAfter, page.headSeq);
    // The envelope is checked as every reply is; the events are not parsed again: each was checked
    // when it was appended and is read back as stored.
    return checkedResponse(feedPageEnvelopeSchema, {
      entries: page.entries,
      nextAfter: page.nextAfter,
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
