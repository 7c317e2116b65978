/**
 * Builds the console (this folder) into build/console: one hashed script and stylesheet under
 * /assets/, no inline code (the dispatcher serves it under a CSP without 'unsafe-inline'), Preact's
 * automatic JSX runtime, no source maps (the bundle is small and readable enough).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.resolve(here, '../../build/console'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});
