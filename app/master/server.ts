// The master register's HTTP server. Built by a factory so tests and the CLI run the same thing;
// whoever creates the storage closes it, after the server (see cli.ts).
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { authenticate } from './auth.js';
import { badRequest, HttpError } from './http-errors.js';
import { toHttpError } from './error-mapping.js';
import { AuthFailureLimiter, type AuthFailureLimiterOptions } from './rate-limit.js';
import { enrolRoutes } from './routes/enrol.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { originRoutes } from './routes/origins.js';
import { readRoutes } from './routes/reads.js';
import { registerContactRoutes } from './routes/register-contacts.js';
import { repairRoutes } from './routes/repair.js';
import { updateRoutes } from './routes/updates.js';
import type { RouteDeps } from './routes/deps.js';
import type { MasterStorage } from './storage.js';
import { MASTER_VERSION } from './version.js';

/** Far above a full push page (5,000 events is about 2 MiB) and far below what hurts the master. */
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

export interface MasterServerOptions {
  storage: MasterStorage;
  /** A pino logger; omit for silence. */
  logger?: FastifyBaseLogger;
  bodyLimit?: number;
  /** For tests that expire codes; defaults to the wall clock. */
  clock?: () => Date;
  authFailures?: AuthFailureLimiterOptions;
  /** Set when behind a reverse proxy, so rate limits count the client's address, not the proxy's. */
  trustProxy?: boolean | string | string[];
  version?: string;
  /** Serve the registers' update feed from this folder (GET /updates/<channel>/<file>). */
  updatesDir?: string;
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw badRequest('body: the request body is empty; send a JSON object');
  try {
    // Plain JSON.parse is safe here: every schema is strict, so a "__proto__" key is refused as
    // an unknown field before anything copies the object.
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`body: not valid JSON (${(error as Error).message})`);
  }
}

export function createMasterServer(options: MasterServerOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
    // Our own 503 below answers in the wire's error shape.
    return503OnClosing: false,
    requestTimeout: 120_000,
  });
  const deps: RouteDeps = {
    storage: options.storage,
    limiter: new AuthFailureLimiter(options.authFailures),
    clock: options.clock ?? (() => new Date()),
    version: options.version ?? MASTER_VERSION,
  };

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Both hooks in callback form: an async hook costs every request a promise for a flag that is
  // false until shutdown.
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) {
      done();
      return;
    }
    void reply.header('connection', 'close');
    done(new HttpError(503, 'UNAVAILABLE', 'the master is shutting down; retry shortly'));
  });
  // Requests in flight when shutdown began still get their answer, then their keep-alive
  // connection is closed rather than left open until the drain timeout cuts it.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.decorateRequest('caller', null);
  app.setErrorHandler((error, request, reply) => {
    const http = toHttpError(error, bodyLimit);
    if (http.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: http.code, reason: http.message }, 'request refused');
    void reply.code(http.status).headers(http.headers).send(http.body());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const error = new HttpError(404, 'NOT_FOUND', `no route ${request.method} ${path}`);
    void reply.code(error.status).send(error.body());
  });

  healthRoutes(app, deps);
  enrolRoutes(app, deps);
  if (options.updatesDir) updateRoutes(app, { dir: options.updatesDir });
  // Everything else needs a register token; the hook runs before the body is even read.
  void app.register((scope, _options, done) => {
    scope.addHook('onRequest', authenticate(deps.storage, deps.limiter));
    originRoutes(scope, deps);
    eventRoutes(scope, deps);
    readRoutes(scope, deps);
    repairRoutes(scope, deps);
    registerContactRoutes(scope, deps);
    done();
  });
  return app;
}
