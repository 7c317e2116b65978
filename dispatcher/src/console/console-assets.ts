/**
 * The console's built files (build/console, made by `npm run build` from dispatcher/console/ with
 * Vite), read into memory once when the app is built: a handful of small files, each also kept
 * gzip-compressed for clients that accept it. Hashed names under /assets/ are cached for good;
 * index.html is revalidated every time so a new build shows at once.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
/** From dispatcher/src/console (sources, tests) or build/dispatcher/src/console (compiled). */
export const CONSOLE_BUILD_DIR =
  [path.resolve(here, '../../../build/console'), path.resolve(here, '../../../console')].find(
    (dir) => existsSync(path.join(dir, 'index.html')),
  ) ?? path.resolve(here, '../../../build/console');

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** URL path ('/index.html', '/assets/index-3f2a.js') → file; empty when the console is not built. */
export async function loadConsoleAssets(dir = CONSOLE_BUILD_DIR): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  if (!existsSync(path.join(dir, 'index.html'))) return assets;
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) =>
    f.isFile(),
  );
  for (const f of files) {
    const full = path.join(f.parentPath, f.name);
    const type = TYPES[path.extname(f.name)];
    if (!type) continue;
    const body = await readFile(full);
    const rel = `/${path.relative(dir, full).split(path.sep).join('/')}`;
    const compressible = !type.startsWith('image/png') && body.length > 512;
    assets.set(rel, {
      type,
      body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : undefined,
      immutable: rel.startsWith('/assets/'),
    });
  }
  return assets;
}
