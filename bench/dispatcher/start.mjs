#!/usr/bin/env node
/**
 * Time from `npm start` to the first 200 from /healthz, beside a bare Fastify server's start (node
 * importing fastify, one /healthz route, listen) measured in the same rounds: the ratio travels
 * between machines better than the times. Two cases, each on a fresh PGlite data directory:
 *   first start — as a fresh clone after `npm ci`: no build/ (this script removes it), no data;
 *   later start — build/ and the data directory from the previous start are there.
 * Every server is stopped with SIGTERM and awaited before the next one starts. For where the time
 * goes, the same rounds also time PGlite alone (node importing it, opening a data directory,
 * `SELECT 1`, closing): on a new directory (its initdb) and on the one `npm start` left.
 * Usage: node bench/dispatcher/start.mjs [rounds=5] [root=this checkout]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.argv[2] ?? 5);
const root = path.resolve(process.argv[3] ?? path.join(here, '..', '..'));
const TIMEOUT_MS = 180_000;

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const bareFastify = `
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  process.once('SIGTERM', () => app.close().then(() => process.exit(0)));`;

/** Starts `command`, polls /healthz every 20 ms, returns the milliseconds to the first 200. */
async function timeToHealthy(command, args, env) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // `npm start` runs node as a grandchild: signal the whole process group
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    while (performance.now() - started < TIMEOUT_MS) {
      if (exitedEarly) throw new Error(`${command} ${args.join(' ')} exited:\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no /healthz within ${TIMEOUT_MS} ms:\n${stderr}`);
  } finally {
    if (!exitedEarly) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

const pgliteOpen = `
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(process.env.PGLITE_DIR);
  await db.query('SELECT 1');
  await db.close();`;

/** Runs a node script to its end, returns the milliseconds it took. */
function timeToExit(script, env) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`)),
    ),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { bare: [], first: [], later: [], pgliteNew: [], pgliteOld: [] };
const grapeEnv = (dataDir) => ({ GRAPE_DATA_DIR: dataDir, GRAPE_LOG_LEVEL: 'warn' });

for (let i = 0; i < rounds; i++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'grape-start-bench-'));
  try {
    results.bare.push(
      await timeToHealthy(process.execPath, ['--input-type=module', '-e', bareFastify], {}),
    );
    rmSync(path.join(root, 'build'), { recursive: true, force: true });
    results.first.push(await timeToHealthy('npm', ['start'], grapeEnv(dataDir)));
    results.later.push(await timeToHealthy('npm', ['start'], grapeEnv(dataDir)));
    results.pgliteNew.push(await timeToExit(pgliteOpen, { PGLITE_DIR: path.join(dataDir, 'new') }));
    results.pgliteOld.push(
      await timeToExit(pgliteOpen, { PGLITE_DIR: path.join(dataDir, 'pglite') }),
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stderr.write(`round ${i + 1}/${rounds} done\n`);
}

const bare = median(results.bare);
const row = (name, xs) =>
  `| ${name} | ${(median(xs) / 1000).toFixed(2)} s | ${(median(xs) / bare).toFixed(1)} |`;
console.log(
  `node ${process.version}, ${rounds} rounds, medians, load average ${os.loadavg()[0].toFixed(1)}`,
);
console.log('| start | to first /healthz | × bare Fastify |');
console.log('| --- | --- | --- |');
console.log(row('bare Fastify server', results.bare));
console.log(row('`npm start`, first (no build/, no data)', results.first));
console.log(row('`npm start`, later', results.later));
console.log(row('for comparison: PGlite alone, on a new data directory', results.pgliteNew));
console.log(
  row('for comparison: PGlite alone, on the directory `npm start` left', results.pgliteOld),
);
