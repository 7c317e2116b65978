// POST-to-dispatch latency (see bench/README.md, "Dispatcher"): from sending POST /v1/deployments
// to the workflow_dispatch request arriving at the GitHub stand-in, at a fixed 200 requests/s
// (open loop, every request its own environment, so every deployment is dispatchable at once),
// p50/p99 per wake-up mode of the dispatch loop, same run, same database:
//   poll   — only the 1,000 ms interval (what a replica that did not receive the POST relied on);
//   local  — this process's own requests wake it (before LISTEN, the receiving replica);
//   listen — NOTIFY grape_dispatch from any replica (now), the interval as the fallback.
// Two set-ups: one replica receiving and dispatching, and "api → worker": the POST goes to a
// replica whose loops are off (its own process) and another replica dispatches.
// The load generator and the GitHub stand-in run in processes of their own (latency-roles.mjs), so
// this process is the dispatching replica alone; BENCH_INPROCESS=1 puts them all back in one
// process (how the figures before 2026-11-30 evening were taken).
// Where the time goes, per deployment (dispatching replica instrumented from outside: wrapped store
// and executor): POST → 202, 202 → claimed, claimed → dispatch call sent, sent → arrived at the
// stand-in, arrived → call returned, returned → `running` committed; CPU and event-loop delay per
// process.
// Runs the TypeScript sources: node --import ./bench/facts/ts-hooks.mjs bench/dispatcher/dispatch-latency.mjs
// BENCH_CHECKOUT=<dir> measures another checkout's dispatcher with this harness.
// Needs PostgreSQL: DATABASE_URL (default postgres://grape:grape@127.0.0.1:5432/grape_test).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { percentile } from './load.mjs';
import { measured, now, postAtRate, processMeter, wallClock } from './latency-roles.mjs';

const here = (p) => import(new URL(`../../${p}`, import.meta.url).href);
const databaseUrl =
  process.env.DATABASE_URL ??
  process.env.GRAPE_TEST_DATABASE_URL ??
  'postgres://grape:grape@127.0.0.1:5432/grape_test';
const rate = Number(process.env.BENCH_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const inProcess = process.env.BENCH_INPROCESS === '1';
const only = process.env.BENCH_SCENARIOS?.split(';');

const { openStore } = await measured('dispatcher/src/store/store.ts');
const { loadConfig } = await measured('dispatcher/src/config.ts');
const { createDispatcher } = await measured('dispatcher/src/create-dispatcher.ts');
const { seedTenant } = await here('test/dispatcher/helpers/dispatcher-fixture.ts');
const { dropSchema } = await here('test/dispatcher/helpers/backends.ts');

/** A role in a child process (or, with BENCH_INPROCESS, in this one): `call(name, arg)`. */
async function role(name) {
  if (inProcess) {
    const handlers = await inProcessRole(name);
    return { ready: handlers.ready, call: (c, a) => handlers[c](a), exit: () => undefined };
  }
  const child = fork(new URL('./latency-roles.mjs', import.meta.url), [name], {
    execArgv: ['--import', new URL('../facts/ts-hooks.mjs', import.meta.url).href],
    stdio: 'inherit',
  });
  const waiting = new Map();
  let serial = 0;
  const ready = new Promise((resolve) => waiting.set(0, { resolve }));
  child.on('message', ({ id, result, error }) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (error) w.reject(new Error(`${name}: ${error}`));
    else w.resolve(result);
  });
  const call = (c, arg) =>
    new Promise((resolve, reject) => {
      const id = ++serial;
      waiting.set(id, { resolve, reject });
      child.send({ id, call: c, arg });
    });
  return { ready: await ready, call, exit: () => child.send({ id: -1, call: 'exit' }) };
}

/** The same roles without a process boundary (the old set-up, for comparison). */
async function inProcessRole(name) {
  const meter = processMeter();
  if (name === 'load') return { ready: {}, post: postAtRate, meter: async () => meter() };
  if (name === 'github') {
    const { startEnvironment } = await here('test/dispatcher/helpers/dispatcher-fixture.ts');
    const environment = await startEnvironment(wallClock);
    environment.github.responseSampling = 1_000_000;
    let arrivals = [];
    environment.github.faultPolicy = (operationId, _token, body) => {
      if (operationId === 'actions/create-workflow-dispatch')
        arrivals.push([body.inputs.deployment_id, now()]);
      return undefined;
    };
    return {
      ready: { env: environment.env },
      arrivals: async () => arrivals.splice(0),
      meter: async () => meter(),
      close: () => environment.close(),
    };
  }
  let replica;
  let store;
  return {
    ready: {},
    async start({ env, location }) {
      store = await openStore(location, wallClock);
      replica = await createDispatcher(loadConfig({ ...env, GRAPE_LOG_LEVEL: 'warn' }), {
        store,
        logger: false,
        loops: false,
        octokit: { spaceWrites: false },
      });
      return replica.app.listen({ host: '127.0.0.1', port: 0 });
    },
    async stop() {
      await replica.app.close();
      await store.close();
    },
    meter: async () => meter(),
  };
}

const github = await role('github');
const load = await role('load');
const environment = github.ready;
const meter = processMeter();

/** Wraps the worker's store and executor to timestamp each deployment's stages. */
function instrument(store, stages) {
  const mark = (stage, id) => {
    const s = stages.get(id) ?? {};
    s[stage] ??= now();
    stages.set(id, s);
  };
  // Claimed in the creating transaction (claim on create): stamped when the loop takes them.
  if (typeof store.deployments.claimWith === 'function') {
    const claimWith = store.deployments.claimWith.bind(store.deployments);
    store.deployments.claimWith = (claimer) =>
      claimWith({
        room: () => claimer.room(),
        take: (claimed) => {
          for (const d of claimed) mark('claimed', d.id);
          claimer.take(claimed);
        },
      });
  }
  const t = store.transitions;
  const claimBatch = t.claimBatch.bind(t);
  t.claimBatch = async (...args) => {
    const claimed = await claimBatch(...args);
    for (const d of claimed) mark('claimed', d.id);
    return claimed;
  };
  const apply = t.apply.bind(t);
  t.apply = async (id, from, patch, ...rest) => {
    const result = await apply(id, from, patch, ...rest);
    if (patch.status === 'running') mark('running', id);
    return result;
  };
  for (const method of ['markRunning']) {
    if (typeof t[method] !== 'function') continue;
    const original = t[method].bind(t);
    t[method] = async (d, ...rest) => {
      const result = await original(d, ...rest);
      mark('running', d.id);
      return result;
    };
  }
  return (executor) => ({
    ...executor,
    name: executor.name,
    dispatch: async (request) => {
      mark('sent', request.deployment.id);
      const result = await executor.dispatch(request);
      mark('returned', request.deployment.id);
      return result;
    },
    findRun: (d) => executor.findRun(d),
    findRuns: (d) => executor.findRuns(d),
    getRun: (id) => executor.getRun(id),
    cancel: (id) => executor.cancel(id),
  });
}

async function scenario(name, wakeup, split, claimOnCreate = true) {
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  const location = { kind: 'postgres', url: databaseUrl, schema, poolSize: 10 };
  const store = await openStore(location, wallClock);
  const tenant = await seedTenant(store, 'bench');
  const config = loadConfig({ ...environment.env, GRAPE_LOG_LEVEL: 'warn' });
  const stages = new Map();
  const worker = await createDispatcher(config, {
    store,
    logger: false,
    octokit: {
      spaceWrites: false,
      // When Octokit hands the dispatch to fetch: what its plugins took after the executor's call.
      fetch: (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('"deployment_id"')) {
          const id = JSON.parse(init.body).inputs?.deployment_id;
          if (id) {
            const s = stages.get(id) ?? {};
            s.fetch ??= now();
            stages.set(id, s);
          }
        }
        return fetch(input, init);
      },
    },
    wakeup,
    claimOnCreate,
    wrapExecutor: instrument(store, stages),
  });
  let api;
  let url;
  if (split) {
    api = await role('api');
    url = await api.call('start', { env: environment.env, location });
  } else url = await worker.app.listen({ host: '127.0.0.1', port: 0 });
  const arrivals = new Map();
  const collect = async () => {
    for (const [id, at] of await github.call('arrivals')) arrivals.set(id, at);
  };
  const settle = async (sent, withinMs) => {
    const end = Date.now() + withinMs;
    for (;;) {
      await collect();
      const missing = sent.filter(([id]) => !arrivals.has(id)).length;
      if (missing === 0 || Date.now() > end) return missing;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // Warm-up: installation token, connections, JIT.
  const warm = await load.call('post', {
    url,
    token: tenant.deployer,
    rate: 20,
    seconds: 1,
    label: 'warm',
  });
  await settle(warm.sent, 10_000);
  stages.clear();
  const meters = [github, load, ...(api ? [api] : [])];
  for (const r of meters) await r.call('meter');
  meter();
  const { sent, errors } = await load.call('post', {
    url,
    token: tenant.deployer,
    rate,
    seconds,
    label: 'e',
  });
  const cpu = {
    worker: meter(),
    github: await github.call('meter'),
    load: await load.call('meter'),
    ...(api ? { api: await api.call('meter') } : {}),
  };
  const missing = await settle(sent, 15_000);
  // Wait for the `running` commits of what arrived (they follow the dispatch call).
  const until = Date.now() + 5_000;
  while (Date.now() < until && sent.some(([id]) => arrivals.has(id) && !stages.get(id)?.running))
    await new Promise((r) => setTimeout(r, 50));
  const spans = {
    total: [],
    ack: [],
    toClaim: [],
    toSend: [],
    toArrive: [],
    toFetch: [],
    fetchToArrive: [],
    toReturn: [],
    toRunning: [],
  };
  for (const [id, t0, ack] of sent) {
    const arrived = arrivals.get(id);
    if (arrived === undefined) continue;
    const s = stages.get(id) ?? {};
    spans.total.push(arrived - t0);
    spans.ack.push(ack - t0);
    // 0 when claimed before the 202 left (in the creating transaction).
    if (s.claimed) spans.toClaim.push(Math.max(0, s.claimed - ack));
    if (s.claimed && s.sent) spans.toSend.push(s.sent - s.claimed);
    if (s.sent) spans.toArrive.push(arrived - s.sent);
    if (s.sent && s.fetch) spans.toFetch.push(s.fetch - s.sent);
    if (s.fetch) spans.fetchToArrive.push(arrived - s.fetch);
    if (s.returned) spans.toReturn.push(s.returned - arrived);
    if (s.returned && s.running) spans.toRunning.push(s.running - s.returned);
  }
  if (split) {
    await api.call('stop');
    api.exit();
  } else await worker.app.close();
  if (split) await worker.app.close();
  await store.close();
  await dropSchema(databaseUrl, schema);
  const p = (xs, q) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      q,
    );
  const summary = Object.fromEntries(
    Object.entries(spans).map(([k, xs]) => [k, { p50: p(xs, 50), p99: p(xs, 99), n: xs.length }]),
  );
  return { name, n: spans.total.length, missing, errors, spans: summary, cpu };
}

const results = [];
for (const [name, wakeup, split, claimOnCreate] of [
  ['one replica, poll', 'poll', false],
  ['one replica, local wake', 'local', false],
  ['one replica, listen, claim by the loop', 'listen', false, false],
  ['one replica, listen', 'listen', false],
  ['api → worker, poll', 'poll', true],
  ['api → worker, listen', 'listen', true],
]) {
  if (only && !only.some((o) => name === o)) continue;
  results.push(await scenario(name, wakeup, split, claimOnCreate));
}
await github.call('close');
github.exit();
load.exit();

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : String(x));
console.log(
  `${inProcess ? 'one process' : 'load generator, stand-in (and api replica) in processes of their own'}; ${rate} req/s for ${seconds} s${process.env.BENCH_CHECKOUT ? `; checkout ${process.env.BENCH_CHECKOUT}` : ''}\n`,
);
console.log(
  `| set-up, wake-up | deployments | p50 (ms) | p99 (ms) | not dispatched in 15 s | POST errors |`,
);
console.log(`|---|---|---|---|---|---|`);
for (const r of results)
  console.log(
    `| ${r.name} | ${r.n} | ${f(r.spans.total.p50)} | ${f(r.spans.total.p99)} | ${r.missing} | ${r.errors} |`,
  );
console.log(
  `\nStages, p50 / p99 (ms): POST → 202 | 202 → claimed | claimed → sent | sent → at stand-in (of which: sent → fetch called, i.e. Octokit and its plugins; fetch → at stand-in) | at stand-in → returned | returned → running committed`,
);
console.log(
  `|set-up|ack|to claim|to send|to stand-in|sent → fetch|fetch → stand-in|to return|to running|`,
);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const r of results) {
  const s = r.spans;
  const c = (x) => `${f(x.p50)} / ${f(x.p99)}`;
  console.log(
    `| ${r.name} | ${c(s.ack)} | ${c(s.toClaim)} | ${c(s.toSend)} | ${c(s.toArrive)} | ${c(s.toFetch)} | ${c(s.fetchToArrive)} | ${c(s.toReturn)} | ${c(s.toRunning)} |`,
  );
}
console.log(
  `\nCPU % of one core / event-loop delay beyond the 10 ms sampling interval, p99 and max (ms), while posting:`,
);
for (const r of results)
  console.log(
    `- ${r.name}: ${Object.entries(r.cpu)
      .map(([k, m]) => `${k} ${f(m.cpuPercent)} % / ${f(m.eldP99)}, ${f(m.eldMax)}`)
      .join('; ')}`,
  );
const byName = Object.fromEntries(results.map((r) => [r.name, r]));
const ratio = (a, b) =>
  byName[a] && byName[b]
    ? `${f((100 * byName[a].spans.total.p99) / byName[b].spans.total.p99)} %`
    : 'n/a';
console.log(
  `\np99 ratio listen / poll: one replica ${ratio('one replica, listen', 'one replica, poll')}, api → worker ${ratio('api → worker, listen', 'api → worker, poll')}; claim on create / claim by the loop: ${ratio('one replica, listen', 'one replica, listen, claim by the loop')}`,
);
