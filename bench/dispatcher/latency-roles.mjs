// The parts of the dispatch-latency benchmark that must not share the measured dispatcher's
// process (and core): forked by dispatch-latency.mjs with one role each, talking over IPC.
//   github — the GitHub stand-in (OpenAPI-checked) and OIDC issuer; records when each
//            workflow_dispatch request arrives;
//   load   — the open-loop load generator (POST /v1/deployments at a fixed rate);
//   api    — a dispatcher replica with its loops off, receiving the POSTs ("api → worker").
// Every process reports its CPU time and event-loop delay (perf_hooks monitorEventLoopDelay), and
// times are absolute (performance.timeOrigin + performance.now()), comparable across processes.
import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export const now = () => performance.timeOrigin + performance.now();
const here = (p) => import(new URL(`../../${p}`, import.meta.url).href);
/** The dispatcher sources measured: this checkout, or the one named by BENCH_CHECKOUT. */
export const measured = (p) =>
  import(
    new URL(
      p,
      `file://${process.env.BENCH_CHECKOUT ?? new URL('../../', import.meta.url).pathname}/`,
    ).href
  );
export const wallClock = Object.assign(() => new Date(), { advance() {}, set() {} });

/** CPU and event-loop delay since the last call: what this process spent while measuring. */
export function processMeter() {
  // The histogram records the whole interval between samples, the resolution included (an idle
  // process reads ~10 ms at resolution 10): the delay is what lies beyond it.
  const resolutionMs = 10;
  const eld = monitorEventLoopDelay({ resolution: resolutionMs });
  eld.enable();
  let cpu = process.cpuUsage();
  let since = now();
  return () => {
    const used = process.cpuUsage(cpu);
    const wall = now() - since;
    const result = {
      cpuPercent: (100 * (used.user + used.system)) / 1000 / wall,
      eldP99: Math.max(0, eld.percentile(99) / 1e6 - resolutionMs),
      eldMax: Math.max(0, eld.max / 1e6 - resolutionMs),
    };
    eld.reset();
    cpu = process.cpuUsage();
    since = now();
    return result;
  };
}

/** Open loop: `rate` POSTs a second for `seconds`; each accepted deployment's send and ack time. */
export async function postAtRate({ url, token, rate, seconds, label }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const start = performance.now();
  const pending = [];
  const sent = [];
  let errors = 0;
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise((resolve) => {
        const t0 = now();
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
              if (res.statusCode === 202) sent.push([JSON.parse(text).id, t0, now()]);
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
  return { sent, errors };
}

async function github() {
  const { startEnvironment } = await here('test/dispatcher/helpers/dispatcher-fixture.ts');
  const environment = await startEnvironment(wallClock);
  environment.github.responseSampling = 1_000_000; // the contract is the tests' business
  // The keep-alive the stand-in advertises: Node's default (5 s) here, BENCH_KEEPALIVE_MS to change
  // it. With the tests' 1 s (test/harness/http-server.ts) undici opens a connection per request: it
  // retires a socket `keepAliveTimeoutThreshold` (2 s, undici lib/dispatcher/client.js) before the
  // timeout a server advertises, and keeps it 4 s when none is advertised.
  environment.github.server.keepAliveTimeout = Number(process.env.BENCH_KEEPALIVE_MS ?? 5000);
  let arrivals = [];
  // Arrival: when the request reached the stand-in, not after it read and checked the body.
  environment.github.faultPolicy = (operationId, _token, body, receivedAt) => {
    if (operationId === 'actions/create-workflow-dispatch')
      arrivals.push([body.inputs.deployment_id, performance.timeOrigin + receivedAt]);
    return undefined;
  };
  const meter = processMeter();
  return {
    ready: { env: environment.env },
    async arrivals() {
      const taken = arrivals;
      arrivals = [];
      return taken;
    },
    meter: async () => meter(),
    close: () => environment.close(),
  };
}

async function load() {
  const meter = processMeter();
  return { ready: {}, post: postAtRate, meter: async () => meter() };
}

async function api() {
  const { openStore } = await measured('dispatcher/src/store/store.ts');
  const { loadConfig } = await measured('dispatcher/src/config.ts');
  const { createDispatcher } = await measured('dispatcher/src/create-dispatcher.ts');
  let replica;
  let store;
  const meter = processMeter();
  return {
    ready: {},
    async start({ env, location }) {
      store = await openStore(location, wallClock);
      const config = loadConfig({ ...env, GRAPE_LOG_LEVEL: 'warn' });
      replica = await createDispatcher(config, {
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

/** Serves one role: `{id, call, arg}` messages in, `{id, result}` or `{id, error}` out. */
async function serve(role) {
  const handlers = await { github, load, api }[role]();
  process.on('message', async ({ id, call, arg }) => {
    if (call === 'exit') process.exit(0);
    try {
      process.send({ id, result: await handlers[call](arg) });
    } catch (error) {
      process.send({ id, error: String(error?.stack ?? error) });
    }
  });
  // The measuring process is gone (it failed, or was stopped): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
  process.send({ id: 0, result: handlers.ready });
}

if (process.argv[2]) await serve(process.argv[2]);
