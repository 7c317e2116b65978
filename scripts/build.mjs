#!/usr/bin/env node
/**
 * `npm run build` (run by `npm start` and needed by bin/grape.js): the dispatcher's and the action's
 * TypeScript sources (src/, dispatcher/src/) transpiled to build/ by @swc/core, same options as
 * jest. About a tenth of a second for the whole tree, so every start rebuilds and build/ is never
 * stale. No type-check here: `npm run typecheck` and the suite do that (a full tsc build took
 * 17-55 s per start). A file is rewritten only when its output changes and outputs whose source is
 * gone are removed, so a server already running from build/ never reads a half-written tree.
 */
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConsole } from './build-console.mjs';
import { typescriptToEsm } from './swc-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'contract', 'dispatcher/src'];

const listFiles = async (dir, keep) => {
  const entries = await readdir(path.join(root, dir), { recursive: true }).catch((error) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.filter(keep).map((f) => path.join(dir, f));
};

/** Writes build/<source>.js if its content differs (atomically: temporary file, then rename). */
async function emit(source) {
  const { code } = await transformFile(path.join(root, source), typescriptToEsm);
  const out = path.join(root, 'build', source.replace(/\.ts$/, '.js'));
  const current = await readFile(out, 'utf8').catch(() => undefined);
  if (current === code) return false;
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(`${out}.tmp`, code);
  await rename(`${out}.tmp`, out);
  return true;
}

export async function build() {
  const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts');
  const sources = (await Promise.all(SOURCES.map((d) => listFiles(d, isSource)))).flat();
  const written = (await Promise.all(sources.map(emit))).filter(Boolean).length;
  const wanted = new Set(sources.map((s) => path.join('build', s.replace(/\.ts$/, '.js'))));
  const outputs = (
    await Promise.all(
      SOURCES.map((d) => listFiles(path.join('build', d), (f) => f.endsWith('.js'))),
    )
  ).flat();
  const stale = outputs.filter((f) => !wanted.has(f));
  await Promise.all(stale.map((f) => rm(path.join(root, f))));
  return { sources: sources.length, written, removed: stale.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { sources, written, removed } = await build();
    if (written || removed)
      process.stdout.write(
        `build/: ${written} of ${sources} files rewritten, ${removed} removed\n`,
      );
    // The web console (dispatcher/console → build/console), only when its sources changed.
    const web = await buildConsole();
    if (web === 'built') process.stdout.write('build/console: the web console was rebuilt\n');
    if (web === 'no-vite')
      process.stderr.write(
        'build/console: not built (vite is a devDependency: run `npm ci` without --omit=dev); the dispatcher answers / with 503 until it is\n',
      );
  } catch (error) {
    process.stderr.write(`npm run build: ${error.message}\n`);
    process.exit(1);
  }
}
