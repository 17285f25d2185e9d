// The page comes from app://bookcase/, a privileged standard scheme, with the same CSP as the
// browser shell and nothing outside the build reachable.
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  isAppUrl,
  registerAppScheme,
  respond,
  serveApp,
} from '../../main/app-protocol.js';
import { fakeRendererAssets } from '../shell/fixtures.js';
import { useTempDirs } from '../helpers/temp-dir.js';

vi.mock('electron', () => ({}));

describe('app:// protocol', () => {
  const tempDir = useTempDirs();

  it('registers app as a standard, secure scheme (an origin of its own, unlike file://)', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ]);
  });

  it('serves the page with a strict CSP and a fresh nonce, no API key in it', async () => {
    const assets = fakeRendererAssets(tempDir());
    const response = respond(assets, { url: APP_ENTRY_URL, method: 'GET' });
    expect(response.status).toBe(200);
    const html = await response.text();
    const nonce = /property="csp-nonce" content="([^"]+)"/.exec(html)?.[1];
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(html).not.toContain('bookcase-key');
  });

  it('serves built files, and 404 for anything else', async () => {
    const assets = fakeRendererAssets(tempDir());
    const script = respond(assets, { url: 'app://bookcase/assets/index-abc123.js', method: 'GET' });
    expect(script.status).toBe(200);
    expect(await script.text()).toBe('console.log("register");');
    for (const [url, method] of [
      ['app://bookcase/assets/index-abc123.js.map', 'GET'],
      ['app://bookcase/../../etc/passwd', 'GET'],
      ['app://bookcase/%2e%2e/%2e%2e/etc/passwd', 'GET'],
      ['app://other/index.html', 'GET'],
      ['app://bookcase/index.html', 'POST'],
    ] as const) {
      expect(respond(assets, { url, method }).status, `${method} ${url}`).toBe(404);
    }
  });

  it('hands every app:// request to that responder', () => {
    const handle = vi.fn();
    serveApp({ handle }, fakeRendererAssets(tempDir()));
    expect(handle.mock.calls[0]?.[0]).toBe('app');
    const handler = handle.mock.calls[0]?.[1] as (request: Request) => Response;
    expect(handler(new Request('app://bookcase/favicon.svg')).status).toBe(200);
  });

  it('knows its own URLs from lookalikes', () => {
    expect(isAppUrl('app://bookcase/index.html')).toBe(true);
    expect(isAppUrl('app://bookcase.evil.example/')).toBe(false);
    expect(isAppUrl('https://bookcase/')).toBe(false);
    expect(isAppUrl('file:///app/bookcase/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});
