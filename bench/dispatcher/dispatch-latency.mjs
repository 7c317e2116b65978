// POST-to-dispatch latency (see bench/README.md, "Dispatcher"): from sending POST /v1/deployments
// to the workflow_dispatch request arriving at the GitHub stand-in, at a fixed 200 requests/s
// (open loop, every request its own environment, so every deployment is dispatchable at once),
// p50/p99 per wake-up mode of the dispatch loop, same run, same database:
//   poll   — only the 1,000 ms interval (what a replica that did not receive the POST relied on);
//   local  — this process's own requests wake it (before LISTEN, the receiving replica);
//   listen — NOTIFY grape_dispatch from any replica (now), the interval as the fallback.
// Two set-ups: one replica receiving and dispatching, and "api → worker": the POST goes to a
// replica whose loops are off and another replica dispatches (the case LISTEN exists for).
// Runs the TypeScript sources: node --import ./bench/facts/ts-hooks.mjs bench/dispatcher/dispatch-latency.mjs
// Needs PostgreSQL: DATABASE_URL (default postgres://grape:grape@127.0.0.1:5432/grape_test).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { percentile } from './load.mjs';

const src = (p) => import(new URL(`../../${p}`, import.meta.url).href);
const databaseUrl =
  process.env.DATABASE_URL ??
  process.env.GRAPE_TEST_DATABASE_URL ??
  'postgres://grape:grape@127.0.0.1:5432/grape_test';
const rate = Number(process.env.BENCH_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

const { openStore } = await src('dispatcher/src/store/store.ts');
const { loadConfig } = await src('dispatcher/src/config.ts');
const { createDispatcher } = await src('dispatcher/src/create-dispatcher.ts');
const { startEnvironment, seedTenant } = await src('test/dispatcher/helpers/dispatcher-fixture.ts');
const { dropSchema } = await src('test/dispatcher/helpers/backends.ts');

const wallClock = Object.assign(() => new Date(), { advance() {}, set() {} });
const environment = await startEnvironment(wallClock);
environment.github.responseSampling = 1_000_000; // the contract is the tests' business
const arrivals = new Map();
environment.github.faultPolicy = (operationId, _token, body) => {
  if (operationId === 'actions/create-workflow-dispatch')
    arrivals.set(body.inputs.deployment_id, performance.now());
  return undefined;
};

async function scenario(name, wakeup, split) {
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  const location = { kind: 'postgres', url: databaseUrl, schema, poolSize: 10 };
  const store = await openStore(location, wallClock);
  const tenant = await seedTenant(store, 'bench');
  const config = loadConfig({ ...environment.env, GRAPE_LOG_LEVEL: 'warn' });
  const seams = { store, logger: false, octokit: { spaceWrites: false } };
  const worker = await createDispatcher(config, { ...seams, wakeup });
  let api = worker;
  let apiStore;
  if (split) {
    apiStore = await openStore(location, wallClock);
    api = await createDispatcher(config, { ...seams, store: apiStore, loops: false });
  }
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  // Warm-up: installation token, connections, JIT.
  const sent = new Map();
  await run(url, tenant.deployer, 20, 1, 'warm', sent);
  await settle(sent, 10_000);
  sent.clear();
  const errors = await run(url, tenant.deployer, rate, seconds, 'e', sent);
  const missing = await settle(sent, 15_000);
  const latencies = [...sent]
    .filter(([id]) => arrivals.has(id))
    .map(([id, t0]) => arrivals.get(id) - t0)
    .sort((a, b) => a - b);
  await api.app.close();
  if (split) await worker.app.close();
  await apiStore?.close();
  await store.close();
  await dropSchema(databaseUrl, schema);
  return {
    name,
    n: latencies.length,
    missing,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Open loop: `rate` POSTs a second for `seconds`; records each deployment's send time. */
async function run(url, token, rate, seconds, label, sent) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const start = performance.now();
  const pending = [];
  let errors = 0;
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise((resolve) => {
        const t0 = performance.now();
        const body = JSON.stringify({
          project: 'network',
          environment: `${label}-${i}`,
          operation: 'plan',
        });
        const req = http.request(
          `${url}/v1/deployments`,
          {
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => {
              if (res.statusCode === 202) sent.set(JSON.parse(text).id, t0);
              else if (errors++ === 0) console.error(res.statusCode, text.slice(0, 300));
              resolve();
            });
          },
        );
        req.on('error', (e) => (errors++ === 0 && console.error(String(e)), resolve()));
        req.end(body);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return errors;
}

async function settle(sent, withinMs) {
  const end = Date.now() + withinMs;
  const missing = () => [...sent.keys()].filter((id) => !arrivals.has(id)).length;
  while (missing() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return missing();
}

const results = [];
for (const [name, wakeup, split] of [
  ['one replica, poll', 'poll', false],
  ['one replica, local wake', 'local', false],
  ['one replica, listen', 'listen', false],
  ['api → worker, poll', 'poll', true],
  ['api → worker, listen', 'listen', true],
])
  results.push(await scenario(name, wakeup, split));
await environment.close();

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : String(x));
const byName = Object.fromEntries(results.map((r) => [r.name, r]));
console.log(
  `| set-up, wake-up | deployments | p50 (ms) | p99 (ms) | not dispatched in 15 s | POST errors |`,
);
console.log(`|---|---|---|---|---|---|`);
for (const r of results)
  console.log(`| ${r.name} | ${r.n} | ${f(r.p50)} | ${f(r.p99)} | ${r.missing} | ${r.errors} |`);
const ratio = (a, b) => `${f((100 * byName[a].p99) / byName[b].p99)} %`;
console.log(
  `\np99 ratio listen / poll: one replica ${ratio('one replica, listen', 'one replica, poll')}, api → worker ${ratio('api → worker, listen', 'api → worker, poll')}`,
);
