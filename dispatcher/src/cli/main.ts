/** `bin/grape.js` → here: the CLI with the real process around it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { openStore } from '../store/store.js';
import { runCli } from './program.js';

/** package.json's version: the nearest package.json above this file (source or build/ tree). */
function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'grape' && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

const code = await runCli(process.argv.slice(2), {
  version: packageVersion(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  fetch,
  sleep: (ms) => sleep(ms),
  openStore: (location) => openStore(location),
  // Loaded only for `grape serve`: the server's modules (Fastify, Octokit, …) stay out of the
  // other commands' start-up.
  serve: async () => (await import('../serve.js')).serve(loadConfig(process.env)),
});
if (code !== 0 || !process.argv.includes('serve')) process.exitCode = code;
