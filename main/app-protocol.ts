// The UI is served from app://bookcase/, not file://: a file:// page could read any file the
// user can, and every file:// page shares one origin. app:// is a standard, secure scheme with an
// origin of its own, served from the built renderer held in memory (nothing outside the build
// can be reached), with the same security headers as the browser shell.
import type { Protocol } from 'electron';
import { newNonce, securityHeaders } from '../app/shell/content-security-policy.js';
import type { RendererAssets } from '../app/shell/renderer-assets.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bookcase';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Whether a URL is a page of ours (app://bookcase/…). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export function respond(
  assets: RendererAssets,
  request: { url: string; method: string },
): Response {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.host !== APP_HOST) {
    return new Response('Not found', { status: 404, headers: securityHeaders() });
  }
  if (url.pathname === '/' || url.pathname === '/index.html') {
    const nonce = newNonce();
    return new Response(assets.page({ nonce }), {
      headers: {
        ...securityHeaders(nonce),
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      },
    });
  }
  const asset = assets.get(url.pathname);
  if (!asset) return new Response('Not found', { status: 404, headers: securityHeaders() });
  return new Response(new Uint8Array(asset.body), {
    headers: { ...securityHeaders(), 'content-type': asset.contentType },
  });
}

export function serveApp(protocol: Pick<Protocol, 'handle'>, assets: RendererAssets): void {
  protocol.handle(APP_SCHEME, (request) => respond(assets, request));
}
