#!/usr/bin/env node
/**
 * Start-up cost of the bundled action: `node dist/index.js` run to its first configuration error,
 * against bare `node -e 0` in the same run (interleaved, medians), plus the size of what the main
 * and post steps load at start and of all the JavaScript in dist/.
 * Usage: node bench/identity/startup.mjs [iterations]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const node = process.env.GRAPE_ACTION_NODE || process.execPath;
const iterations = Number(process.argv[2] ?? 40);
const env = {
  PATH: process.env.PATH,
  INPUT_OPERATION: 'not-an-operation',
  GITHUB_OUTPUT: '/dev/null',
};

const time = (args) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(node, args, { env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: result.status };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bare = [];
const action = [];
for (let i = 0; i < 3; i++) {
  time(['-e', '0']);
  time([path.join(root, 'dist/index.js')]);
}
for (let i = 0; i < iterations; i++) {
  bare.push(time(['-e', '0']).ms);
  const run = time([path.join(root, 'dist/index.js')]);
  if (run.status !== 1)
    throw new Error(`expected the action to fail on its configuration, got exit ${run.status}`);
  action.push(run.ms);
}

// Every JavaScript file in dist/: the entry points, webpack's lazy chunks and dist/undici.cjs.
const js = readdirSync(path.join(root, 'dist')).filter((f) => /\.c?js$/.test(f));
const size = (f) => statSync(path.join(root, 'dist', f)).size;
const mb = (bytes) => +(bytes / 1e6).toFixed(3);
const bytes = js.reduce((sum, f) => sum + size(f), 0);
// What the runner loads before the action reads its first input: dist/index.js for the main step,
// dist/post.js (which imports dist/index.js) for the post step. The rest loads only when a step
// needs it.
const atStart = ['index.js', 'post.js'];
const result = {
  node: spawnSync(node, ['--version']).stdout.toString().trim(),
  iterations,
  bareNodeMedianMs: +median(bare).toFixed(1),
  actionMedianMs: +median(action).toFixed(1),
  overheadMs: +(median(action) - median(bare)).toFixed(1),
  ratio: +(median(action) / median(bare)).toFixed(2),
  loadedAtStartMB: mb(atStart.reduce((sum, f) => sum + size(f), 0)),
  distJsFiles: js.length,
  distJsBytes: bytes,
  distJsMB: mb(bytes),
  filesMB: Object.fromEntries(js.map((f) => [f, mb(size(f))]).sort((a, b) => b[1] - a[1])),
};
console.log(JSON.stringify(result, null, 2));
