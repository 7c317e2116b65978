#!/usr/bin/env node
// The `grape` CLI. Runs the compiled TypeScript in build/ (`npm run build`, done by `npm start`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../build/dispatcher/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    'grape: build/ is missing. Run `npm run build` (or `npm start`) in the grape directory first.\n',
  );
  process.exit(1);
}
await import(main.href);
