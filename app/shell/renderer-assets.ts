// The built renderer (dist/renderer), read into memory once at start. Serving from a fixed map
// rather than the file system means no request path can ever reach a file outside the build.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

export interface Asset {
  body: Buffer;
  contentType: string;
  /** Vite names built files by content hash, so they may be cached for good. */
  immutable: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export class RendererAssets {
  private constructor(
    private readonly files: ReadonlyMap<string, Asset>,
    readonly indexHtml: string,
  ) {}

  static load(dir: string): RendererAssets {
    const indexPath = join(dir, 'index.html');
    if (!existsSync(indexPath)) {
      throw new Error(
        `The register's screens are not built (${indexPath} is missing): run "npm run build:renderer" first.`,
      );
    }
    const files = new Map<string, Asset>();
    const walk = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) {
          walk(path);
          continue;
        }
        const type = CONTENT_TYPES[extname(name).toLowerCase()];
        if (!type) continue; // source maps and strays are not served
        const urlPath = `/${relative(dir, path).split(sep).join('/')}`;
        files.set(urlPath, {
          body: readFileSync(path),
          contentType: type,
          immutable: urlPath.startsWith('/assets/'),
        });
      }
    };
    walk(dir);
    return new RendererAssets(files, readFileSync(indexPath, 'utf8'));
  }

  get(urlPath: string): Asset | undefined {
    return urlPath === '/index.html' ? undefined : this.files.get(urlPath);
  }

  /**
   * The page as served: with the style nonce React Aria reads, and (browser shell) this launch's
   * API key, which only this page gets to read.
   */
  page(metas: { nonce: string; key?: { name: string; value: string } }): string {
    if (!this.indexHtml.includes('</head>')) throw new Error('index.html has no </head>');
    const tags = [`<meta property="csp-nonce" content="${metas.nonce}" />`];
    if (metas.key) tags.push(`<meta name="${metas.key.name}" content="${metas.key.value}" />`);
    return this.indexHtml.replace('</head>', `  ${tags.join('\n    ')}\n  </head>`);
  }
}
