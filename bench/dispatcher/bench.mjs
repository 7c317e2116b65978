// Dispatcher benchmark (see bench/README.md, "Dispatcher"):
//  1. POST /v1/deployments (auth, validation, idempotency key, row + hash-chained audit event in one
//     transaction) against PostgreSQL, vs a bare Fastify route doing one INSERT into the same
//     database, same run, same pool size: closed-loop throughput and p99 in alternating rounds
//     (medians), then p50/p99 at a fixed 200 req/s. For reference, the bare route with a prepared
//     INSERT too.
//  2. Idle RSS of `node build/dispatcher/src/server.js` on the embedded PGlite.
// Needs `npm run build` and DATABASE_URL (default postgres://grape:grape@127.0.0.1:5432/grape_test).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { closedLoop, fixedRate } from './load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const build = (p) => import(path.join(root, 'build/dispatcher/src', p));
const databaseUrl =
  process.env.DATABASE_URL ??
  process.env.GRAPE_TEST_DATABASE_URL ??
  'postgres://grape:grape@127.0.0.1:5432/grape_test';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const environments = Number(process.env.BENCH_ENVIRONMENTS ?? Number.MAX_SAFE_INTEGER);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const poolSize = Number(process.env.BENCH_POOL ?? 10);
const schema = `bench_${randomUUID().slice(0, 8)}`;

const { loadConfig } = await build('config.js');
const { createDispatcher } = await build('create-dispatcher.js');
const { openStore } = await build('store/store.js');
const dataDir = await mkdtemp(path.join(tmpdir(), 'grape-bench-'));
const env = {
  GITHUB_APP_ID: '1',
  GITHUB_APP_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
  }),
  GITHUB_WEBHOOK_SECRET: 'bench-secret-0123456789',
  GRAPE_RUNNER_REPO: 'acme/grape-runner',
  GITHUB_API_URL: 'http://127.0.0.1:9',
  GRAPE_PUBLIC_URL: 'https://grape.bench.invalid',
  GRAPE_DATA_DIR: dataDir,
  GRAPE_LOG_LEVEL: 'warn',
};

// ── 1. the dispatcher vs a bare INSERT, same PostgreSQL ───────────────────────────────────
const store = await openStore({ kind: 'postgres', url: databaseUrl, schema, poolSize });
const tenant = await store.tenants.create('bench', { actor: 'bench' });
const token = (
  await store.tokens.create(
    tenant.id,
    { name: 'bench', role: 'deployer', projects: null, environments: null },
    { actor: 'bench' },
  )
).token;
await store.projects.create(
  tenant.id,
  {
    name: 'network',
    source: { repository: 'acme/infra', ref: 'main', path: '' },
    roleArn: 'arn:aws:iam::222222222222:role/grape',
    region: 'eu-west-1',
    sessionDurationSeconds: 3600,
    backend: null,
    facts: null,
    protectedEnvironments: [],
  },
  { actor: 'bench' },
);
const { app } = await createDispatcher(loadConfig(env), { store, loops: false, logger: false });
const grapeUrl = await app.listen({ host: '127.0.0.1', port: 0 });

const bare = Fastify();
const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: poolSize,
  options: `-c search_path=${schema}`,
});
await pool.query(
  'CREATE TABLE bare (id text PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
);
bare.post('/insert', async (request, reply) => {
  await pool.query('INSERT INTO bare (id, body) VALUES ($1, $2)', [randomUUID(), request.body]);
  return reply.code(202).send({ ok: true });
});
// For reference only (the goal's baseline is the plain route above): the same INSERT as a
// prepared statement, which Grape's batch statement is.
bare.post('/insert-prepared', async (request, reply) => {
  await pool.query({
    name: 'bare_insert',
    text: 'INSERT INTO bare (id, body) VALUES ($1, $2)',
    values: [randomUUID(), request.body],
  });
  return reply.code(202).send({ ok: true });
});
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

// Every request names its own environment. The dispatch loop is off here, so nothing ever leaves
// the queue: cycling through a few hundred environments built queues hundreds deep, which no
// dispatching replica holds, and counting a request's queue position grew with them round after
// round (docs/benchmarks.md#dispatcher has both figures).
let n = 0;
const body = () =>
  JSON.stringify({
    project: 'network',
    environment: `env-${n++ % environments}`,
    operation: 'plan',
    variables: { size: 3 },
  });
const grapeRequest = () => ({
  method: 'POST',
  path: '/v1/deployments',
  headers: {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'idempotency-key': randomUUID(),
  },
  body: body(),
});
const bareRequest = () => ({
  method: 'POST',
  path: '/insert',
  headers: { 'content-type': 'application/json' },
  body: body(),
});

const preparedRequest = () => ({ ...bareRequest(), path: '/insert-prepared' });

await closedLoop({ url: grapeUrl, connections, seconds: 2, makeRequest: grapeRequest }); // warm-up
await closedLoop({ url: bareUrl, connections, seconds: 2, makeRequest: bareRequest });
// Alternating rounds, medians: a shared machine's noise hits both sides alike.
const runs = { grape: [], bare: [], prepared: [] };
for (let round = 0; round < rounds; round++) {
  runs.grape.push(
    await closedLoop({ url: grapeUrl, connections, seconds, makeRequest: grapeRequest }),
  );
  runs.bare.push(
    await closedLoop({ url: bareUrl, connections, seconds, makeRequest: bareRequest }),
  );
  runs.prepared.push(
    await closedLoop({ url: bareUrl, connections, seconds, makeRequest: preparedRequest }),
  );
}
const medianOf = (xs, pick) => [...xs].map(pick).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (xs) => ({
  throughput: medianOf(xs, (r) => r.throughput),
  p99: medianOf(xs, (r) => r.p99),
  errors: xs.reduce((sum, r) => sum + r.errors, 0),
});
const grapeMax = summary(runs.grape);
const bareMax = summary(runs.bare);
const preparedMax = summary(runs.prepared);
const roundRatios = runs.grape.map((g, i) => (100 * g.throughput) / runs.bare[i].throughput);
const grape200 = await fixedRate({
  url: grapeUrl,
  rate: 200,
  seconds: 10,
  makeRequest: grapeRequest,
});
const bare200 = await fixedRate({ url: bareUrl, rate: 200, seconds: 10, makeRequest: bareRequest });
const chain = await store.audit.verify();

await app.close();
await bare.close();
await pool.query(`DROP SCHEMA ${schema} CASCADE`);
await pool.end();
await store.close();

// ── 2. idle RSS on PGlite ────────────────────────────────────────────────────────────────
async function idleRss() {
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-rss-'));
  const start = () =>
    spawn(process.execPath, [path.join(root, 'build/dispatcher/src/server.js')], {
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: '',
        GRAPE_DATA_DIR: dir,
        PORT: String(20000 + Math.floor(Math.random() * 20000)),
      },
      stdio: 'ignore',
    });
  const stop = async (child) => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  // The first start runs initdb; measure a second start after it settled, as an operator sees it.
  const first = start();
  await new Promise((r) => setTimeout(r, 8000));
  await stop(first);
  const second = start();
  await new Promise((r) => setTimeout(r, 15000));
  if (second.exitCode !== null) throw new Error('the dispatcher exited during the RSS measurement');
  const value =
    Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${second.pid}/status`, 'utf8'))[1]) / 1024;
  await stop(second);
  await rm(dir, { recursive: true, force: true });
  return value;
}
const rssMb = await idleRss();
await rm(dataDir, { recursive: true, force: true });

const f = (x) => x.toFixed(1);
const pct = (a, b) => `${f((100 * a) / b)} %`;
const table = [
  `| measurement | POST /v1/deployments | bare INSERT route | ratio | bare route, prepared INSERT (reference) | ratio |`,
  `|---|---|---|---|---|---|`,
  `| throughput, ${connections} connections, median of ${rounds} × ${seconds} s (req/s) | ${f(grapeMax.throughput)} | ${f(bareMax.throughput)} | ${pct(grapeMax.throughput, bareMax.throughput)} | ${f(preparedMax.throughput)} | ${pct(grapeMax.throughput, preparedMax.throughput)} |`,
  `| p99 at max throughput (ms, median) | ${f(grapeMax.p99)} | ${f(bareMax.p99)} | | ${f(preparedMax.p99)} | |`,
  `| p50 / p99 at 200 req/s (ms) | ${f(grape200.p50)} / ${f(grape200.p99)} | ${f(bare200.p50)} / ${f(bare200.p99)} | | | |`,
  `| errors | ${grapeMax.errors + grape200.errors} | ${bareMax.errors + bare200.errors} | | ${preparedMax.errors} | |`,
].join('\n');
console.log(table);
console.log(`\nthroughput ratio per round: ${roundRatios.map((r) => `${f(r)} %`).join(', ')}`);
console.log(
  `\naudit chain after the run: ${chain.ok ? `intact, ${chain.events} events` : `BROKEN at ${chain.brokenAt}`}`,
);
console.log(`idle RSS, PGlite (second start, 15 s idle): ${f(rssMb)} MB`);
