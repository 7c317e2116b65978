/** `bin/grape.js` → here: the CLI with the real process around it. */
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config.js';
import { serve } from '../serve.js';
import { openStore } from '../store/store.js';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  fetch,
  sleep: (ms) => sleep(ms),
  openStore: (location) => openStore(location),
  serve: () => serve(loadConfig(process.env)),
});
if (code !== 0 || !process.argv.includes('serve')) process.exitCode = code;
