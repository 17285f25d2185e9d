// The browser shell's host: serves the built register page and the register API over HTTP on
// loopback, for a browser (a counter tablet, or a machine where Electron cannot run). It admits
// only its own page (see host-guard.ts) and answers bad input with a 4xx, never a 5xx.
import type { AddressInfo } from 'node:net';
import fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  HTTP_KEY_HEADER,
  KEY_META_NAME,
  type RegisterEvent,
} from '../protocol/register-api.js';
import { newNonce, securityHeaders } from './content-security-policy.js';
import {
  admissionFor,
  checkApiCall,
  checkHost,
  newLaunchSecret,
  sameSecret,
  type Admission,
  type Refusal,
} from './host-guard.js';
import type { RegisterEvents } from './register-events.js';
import type { RendererAssets } from './renderer-assets.js';
import type { Startup } from './startup.js';

export interface ShellHostOptions {
  /** The register's API, answering from the start: the page can show how the start is going. */
  startup: Startup;
  events: RegisterEvents;
  assets: RendererAssets;
  log: Logger;
  /** Loopback unless IT chooses otherwise (see docs/architecture.md). */
  host?: string;
  port?: number;
  /** A fresh one per launch unless given (tests). */
  secret?: string;
  /** Keep-alive comment on the event stream, so proxies and idle timers leave it open. */
  heartbeatMs?: number;
}

export interface ShellHost {
  /** The page's address with the launch key: the one address to open. */
  pageUrl: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (header(request, 'cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function sendRefusal(reply: FastifyReply, refusal: Refusal) {
  return reply
    .code(refusal.status)
    .type('application/json; charset=utf-8')
    .send({ ok: false, error: { code: refusal.code, message: refusal.message } });
}

const NOT_ADMITTED_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Bookcase</title>
<body style="font-family: system-ui, sans-serif; margin: 3rem"><h1>This register page needs its key</h1>
<p>Open the address the register printed when it started (it ends in <code>?key=…</code>).
The key changes each time the register starts.</p></body></html>`;

export async function startShellHost(options: ShellHostOptions): Promise<ShellHost> {
  const { startup, events, assets, log } = options;
  const secret = options.secret ?? newLaunchSecret();
  const listenHost = options.host ?? '127.0.0.1';
  // Set once the port is known; every request arrives after listen() resolves.
  let admission: Admission = admissionFor(listenHost, 0, secret);
  let cookieName = 'bookcase_key';

  const app = fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    return503OnClosing: true,
  });

  // JSON only: text/plain is what a cross-site form or a "simple" request can send unasked.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    void reply.headers(securityHeaders());
    if (request.url.startsWith(HTTP_API_PREFIX)) {
      const refusal = checkApiCall(admission, {
        host: header(request, 'host'),
        origin: header(request, 'origin'),
        key: header(request, HTTP_KEY_HEADER),
      });
      if (refusal) return sendRefusal(reply, refusal);
      void reply.header('cache-control', 'no-store');
      return;
    }
    const refusal = checkHost(admission, header(request, 'host'));
    if (refusal) return sendRefusal(reply, refusal);
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500;
    if (!status) log.error({ err: error }, 'browser shell host: unexpected error');
    const code =
      error.statusCode === 413
        ? 'PAYLOAD_TOO_LARGE'
        : error.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : 'BAD_REQUEST';
    return reply.code(status ? (error.statusCode ?? 400) : 500).send({
      ok: false,
      error: status
        ? { code, message: error.message }
        : { code: 'INTERNAL', message: 'The register host hit an unexpected error.' },
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      ok: false,
      error: { code: 'NOT_FOUND', message: `Nothing at ${request.method} ${request.url}.` },
    }),
  );

  app.get('/', (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (typeof query.key === 'string') {
      if (!sameSecret(query.key, secret)) {
        return reply.code(403).type('text/html; charset=utf-8').send(NOT_ADMITTED_PAGE);
      }
      // The key moves into a cookie scoped to this launch's port, and out of the address bar
      // and the history.
      return reply
        .header(
          'set-cookie',
          `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age=86400`,
        )
        .header('cache-control', 'no-store')
        .redirect('/', 303);
    }
    if (!sameSecret(cookie(request, cookieName), secret)) {
      return reply.code(403).type('text/html; charset=utf-8').send(NOT_ADMITTED_PAGE);
    }
    const nonce = newNonce();
    return reply
      .headers(securityHeaders(nonce))
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(assets.page({ nonce, key: { name: KEY_META_NAME, value: secret } }));
  });

  app.post(HTTP_EVENTS_PATH, (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...securityHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    raw.write(': connected\n\n');
    const send = (event: RegisterEvent) => raw.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = events.on(send);
    const heartbeat = setInterval(
      () => raw.write(': heartbeat\n\n'),
      options.heartbeatMs ?? 15_000,
    );
    request.raw.socket.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
    });
  });

  app.post(`${HTTP_API_PREFIX}:method`, async (request, reply) => {
    const { method } = request.params as { method: string };
    const { status, result } = await startup.dispatch(
      method,
      request.body,
      {},
      {
        onInternalError: (error, name) =>
          log.error({ err: error, method: name }, 'register API call failed unexpectedly'),
      },
    );
    return reply.code(status).send(result);
  });

  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const asset = assets.get(path);
    if (!asset || !sameSecret(cookie(request, cookieName), secret)) {
      return reply.code(404).send({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Nothing at ${path}.` },
      });
    }
    return reply
      .header(
        'cache-control',
        asset.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
      )
      .type(asset.contentType)
      .send(asset.body);
  });

  await app.listen({ host: listenHost, port: options.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  admission = admissionFor(listenHost, port, secret);
  cookieName = `bookcase_key_${port}`;
  const origin = [...admission.origins][0] ?? `http://${listenHost}:${port}`;
  return {
    pageUrl: `${origin}/?key=${secret}`,
    origin,
    port,
    close: () => app.close(),
  };
}
