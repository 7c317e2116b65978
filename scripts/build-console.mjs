/**
 * The web console's build step (run by `npm run build`, hence by `npm start`): Vite bundles
 * dispatcher/console into build/console — only when its sources changed since the last build
 * (a sha256 of them is kept in build/console/.source-hash), so a start with nothing changed costs
 * one hash of a few small files, not a bundle (about 2 s). On a fresh clone the first `npm start`
 * (or `npm run build`) builds it once.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CONSOLE_SOURCE = path.join(root, 'dispatcher/console');
export const CONSOLE_OUT = path.join(root, 'build/console');
const STAMP = path.join(CONSOLE_OUT, '.source-hash');

/** sha256 over the console's source files (names and contents) and the bundler's version. */
export async function consoleSourceHash() {
  const hash = createHash('sha256');
  const files = (await readdir(CONSOLE_SOURCE, { recursive: true }))
    .filter((f) => /\.(tsx?|css|html|json)$/.test(f))
    .sort();
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(await readFile(path.join(CONSOLE_SOURCE, f)));
  }
  const vite = path.join(root, 'node_modules/vite/package.json');
  if (existsSync(vite)) hash.update(JSON.parse(await readFile(vite, 'utf8')).version);
  return hash.digest('hex');
}

/** Builds when stale; returns 'fresh' | 'built' | 'no-vite' (production install without devDependencies). */
export async function buildConsole({ force = false } = {}) {
  const wanted = await consoleSourceHash();
  const have = await readFile(STAMP, 'utf8').catch(() => undefined);
  if (!force && have === wanted && existsSync(path.join(CONSOLE_OUT, 'index.html'))) return 'fresh';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    return 'no-vite';
  }
  await vite.build({ configFile: path.join(CONSOLE_SOURCE, 'vite.config.ts'), logLevel: 'warn' });
  await writeFile(STAMP, wanted);
  return 'built';
}
