import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RendererAssets } from '../../app/shell/renderer-assets.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { fakeRendererAssets } from './fixtures.js';

describe('RendererAssets', () => {
  const tempDir = useTempDirs();

  it('refuses to start without a build, and says how to make one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'bookcase-empty-'));
    try {
      expect(() => RendererAssets.load(empty)).toThrow(/npm run build:renderer/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serves built files by URL path only, never source maps nor the raw index', () => {
    const assets = fakeRendererAssets(tempDir());
    expect(assets.get('/assets/index-abc123.js')?.contentType).toContain('javascript');
    expect(assets.get('/favicon.svg')?.immutable).toBe(false);
    expect(assets.get('/assets/index-abc123.js.map')).toBeUndefined();
    expect(assets.get('/index.html')).toBeUndefined();
    expect(assets.get('/../index.html')).toBeUndefined();
  });

  it('puts the style nonce and the key into the page head, and nothing else', () => {
    const page = fakeRendererAssets(tempDir()).page({
      nonce: 'N0NCE',
      key: { name: 'bookcase-key', value: 'K3Y' },
    });
    expect(page).toMatch(
      /<meta property="csp-nonce" content="N0NCE" \/>\s*<meta name="bookcase-key" content="K3Y" \/>\s*<\/head>/,
    );
    const electronPage = fakeRendererAssets(tempDir()).page({ nonce: 'N0NCE' });
    expect(electronPage).not.toContain('bookcase-key');
  });
});
