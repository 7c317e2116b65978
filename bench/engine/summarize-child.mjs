// Child process for the summary benchmark: summarises one plan file with the compiled
// summariser and prints {ms, maxRssMB, counts} as JSON (peak RSS of this process only).
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const [modulePath, planFile] = process.argv.slice(2);
const { summarizePlan } = await import(pathToFileURL(modulePath).href);
const start = performance.now();
const summary = await summarizePlan(createReadStream(planFile, { highWaterMark: 1 << 20 }));
const ms = performance.now() - start;
console.log(
  JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, counts: summary.counts }),
);
