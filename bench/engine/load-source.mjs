/**
 * Compiles a TypeScript module of this repository with @vercel/ncc — the compiler and minifier
 * that build dist/, so benchmarks measure the code the action ships — and imports it.
 */
import ncc from '@vercel/ncc';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Writes the compiled module (and its lazily loaded chunks) under `outDir`; returns its path. */
export async function compileSource(relativePath, outDir) {
  const { code, assets } = await ncc(path.join(repoRoot, relativePath), {
    minify: true,
    quiet: true,
    target: 'es2022',
  });
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'index.mjs');
  await writeFile(file, code);
  for (const [name, asset] of Object.entries(assets)) {
    await mkdir(path.dirname(path.join(outDir, name)), { recursive: true });
    await writeFile(path.join(outDir, name), asset.source);
  }
  // Chunks are ESM like the entry.
  await writeFile(path.join(outDir, 'package.json'), '{"type":"module"}\n');
  return file;
}

export async function loadSource(relativePath, outDir) {
  return import(pathToFileURL(await compileSource(relativePath, outDir)).href);
}
