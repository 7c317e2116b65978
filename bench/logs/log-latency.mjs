// Run log benchmark (issue 17; see docs/benchmarks.md, "Live run logs"):
//  1. Latency of one line from Terraform's stdout to a `grape logs -f` client on loopback: real
//     `terraform apply` whose local-exec provisioner prints timestamped lines at intervals; its
//     stdout goes through the local executor's path (createRunLogWriter: line split, runner
//     masking, in-order append to the store, wake-up) and the dispatcher's
//     GET /v1/deployments/{id}/logs?follow=true (server-sent events) to an HTTP client that parses
//     the events as the CLI does. Latency = client receive time - the time printed in the line.
//  2. Overhead of streaming on a plan: the same `terraform plan` (BENCH_RESOURCES resources,
//     one line each) with stdout piped and discarded vs piped into the run log, alternating
//     rounds in one run; the ratio of the medians.
// Needs `npm run build` and terraform on PATH. DATABASE_URL (PostgreSQL) or the embedded PGlite.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const build = (p) => import(path.join(root, 'build/dispatcher/src', p));
const lines = Number(process.env.BENCH_LINES ?? 200);
const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 10);
const resources = Number(process.env.BENCH_RESOURCES ?? 200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const databaseUrl = process.env.DATABASE_URL;

const { loadConfig } = await build('config.js');
const { createDispatcher } = await build('create-dispatcher.js');
const { createRunLogWriter } = await build('logs/run-log-writer.js');

const work = await mkdtemp(path.join(tmpdir(), 'grape-bench-logs-'));
const env = {
  GRAPE_EXECUTOR: 'local',
  GRAPE_DATA_DIR: path.join(work, 'data'),
  GRAPE_LOCAL_SOURCE_DIR: work,
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
};
const { app, ctx } = await createDispatcher(loadConfig(env), { loops: false, logger: false });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const store = ctx.store;
const actor = { actor: 'bench' };
const tenant = await store.tenants.create(`bench-${Date.now()}`, actor);
const project = await store.projects.create(
  tenant.id,
  {
    name: 'bench',
    source: { repository: 'local/bench', ref: 'main', path: '' },
    roleArn: 'arn:aws:iam::222222222222:role/bench',
    region: 'eu-west-1',
    sessionDurationSeconds: 3600,
    backend: null,
    facts: null,
    protectedEnvironments: [],
  },
  actor,
);
const { token } = await store.tokens.create(
  tenant.id,
  { name: 'viewer', role: 'viewer', projects: null, environments: null },
  actor,
);
let serial = 0;
const newDeployment = async () =>
  (
    await store.deployments.create(
      {
        tenantId: tenant.id,
        projectId: project.id,
        environment: `e${++serial}`,
        operation: 'plan',
        ref: 'main',
        variables: {},
        idempotencyKey: null,
        requestHash: null,
      },
      actor,
    )
  ).deployment;

const terraform = (dir, args, onStdout) =>
  new Promise((resolve, reject) => {
    const child = spawn('terraform', args, {
      cwd: dir,
      env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.on('data', onStdout);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`terraform ${args[0]} exited ${code}`)),
    );
  });

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// 1. Latency: terraform stdout line -> SSE client.
const latencyDir = path.join(work, 'latency');
await import('node:fs/promises').then((fs) => fs.mkdir(latencyDir));
await writeFile(
  path.join(latencyDir, 'main.tf'),
  `resource "terraform_data" "ticker" {
  provisioner "local-exec" {
    command = "node -e \\"let n=0;const t=setInterval(()=>{console.log('tick '+(performance.timeOrigin+performance.now()).toFixed(3));if(++n>=${lines})clearInterval(t)},${intervalMs})\\""
  }
}
`,
);
await terraform(latencyDir, ['init', '-input=false', '-no-color'], () => undefined);
const d = await newDeployment();
await store.transitions.apply(
  d.id,
  ['queued'],
  { status: 'running', runId: 1, runUrl: '' },
  {
    ...actor,
    action: 'deployment.running',
    tenantId: tenant.id,
    data: {},
  },
);
const latencies = [];
const controller = new AbortController();
const client = (async () => {
  const response = await fetch(`${url}/v1/deployments/${d.id}/logs?follow=true`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const parser = createParser({
    onEvent(event) {
      if (event.event !== 'log') return;
      const received = performance.timeOrigin + performance.now();
      for (const m of JSON.parse(event.data).text.matchAll(/tick (\d+\.\d+)/g))
        latencies.push(received - Number(m[1]));
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read())
      parser.feed(decoder.decode(r.value, { stream: true }));
  } catch {
    // aborted at the end
  }
})();
const writer = createRunLogWriter({ logs: ctx.runLogs, hub: ctx.logHub }, d.id);
await terraform(latencyDir, ['apply', '-auto-approve', '-input=false', '-no-color'], (c) =>
  writer.write(c),
);
await writer.end();
for (let i = 0; i < 100 && latencies.length < lines; i++)
  await new Promise((r) => setTimeout(r, 20));
controller.abort();
await client;
latencies.sort((a, b) => a - b);

// 2. Overhead on a plan, streaming on vs off, alternating.
const planDir = path.join(work, 'plan');
await import('node:fs/promises').then((fs) => fs.mkdir(planDir));
await writeFile(
  path.join(planDir, 'main.tf'),
  Array.from(
    { length: resources },
    (_, i) => `resource "terraform_data" "r${i}" {\n  input = "value-${i}"\n}\n`,
  ).join(''),
);
await terraform(planDir, ['init', '-input=false', '-no-color'], () => undefined);
const off = [];
const on = [];
let planLines = 0;
for (let round = 0; round < rounds; round++) {
  for (const streaming of round % 2 === 0 ? [false, true] : [true, false]) {
    const started = performance.now();
    if (streaming) {
      const dep = await newDeployment();
      const w = createRunLogWriter({ logs: ctx.runLogs, hub: ctx.logHub }, dep.id);
      let text = '';
      await terraform(planDir, ['plan', '-input=false', '-no-color', '-lock=false'], (c) => {
        text += c;
        w.write(c);
      });
      await w.end();
      on.push(performance.now() - started);
      planLines = text.split('\n').length;
    } else {
      await terraform(
        planDir,
        ['plan', '-input=false', '-no-color', '-lock=false'],
        () => undefined,
      );
      off.push(performance.now() - started);
    }
  }
}

const result = {
  database: databaseUrl ? 'PostgreSQL' : 'PGlite (embedded)',
  latency: {
    lines: latencies.length,
    intervalMs,
    p50Ms: Number(quantile(latencies, 0.5).toFixed(2)),
    p99Ms: Number(quantile(latencies, 0.99).toFixed(2)),
    maxMs: Number(latencies.at(-1).toFixed(2)),
  },
  planOverhead: {
    resources,
    planLines,
    rounds,
    offMedianMs: Math.round(median(off)),
    onMedianMs: Math.round(median(on)),
    ratio: Number((median(on) / median(off)).toFixed(3)),
  },
};
console.log(JSON.stringify(result, null, 2));
await app.close();
await rm(work, { recursive: true, force: true });
