// What the dispatcher adds to each GitHub request before it reaches fetch (see bench/README.md,
// "Dispatcher"): the time from `octokit.request(…)` to Octokit calling fetch, for a workflow
// dispatch against a loopback server, p50/p99 over N sequential requests, in alternating rounds:
//   request policy — the dispatcher's Octokit set-up (dispatcher/src/github/request-policy.ts);
//   plugins        — Octokit's retry and throttling plugins as the dispatcher used them before
//                    (writes not spaced), the baseline;
//   bare           — Octokit with neither, the floor.
// Runs the TypeScript sources: node --import ./bench/facts/ts-hooks.mjs bench/dispatcher/github-request-overhead.mjs [requests]
import http from 'node:http';
import { Octokit } from 'octokit';
import { percentile } from './load.mjs';

const here = (p) => import(new URL(`../../${p}`, import.meta.url).href);
const { requestPolicy } = await here('dispatcher/src/github/request-policy.ts');
const { RateBudget } = await here('dispatcher/src/github/rate-budget.ts');
const requests = Number(process.argv[2] ?? 300);

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(204).end());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

let calledAt = 0;
const gaps = [];
const timedFetch = (input, init) => {
  gaps.push(performance.now() - calledAt);
  return fetch(input, init);
};
const unthrottled = {
  key: () => ({ schedule: (_options, fn, ...args) => Promise.resolve().then(() => fn(...args)) }),
};
const setUps = {
  'request policy': () => {
    const octokit = new Octokit({
      baseUrl,
      auth: 'token',
      request: { fetch: timedFetch },
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const clock = () => new Date();
    octokit.hook.wrap(
      'request',
      requestPolicy({
        budget: new RateBudget(clock),
        retryAfterBaseValue: 1000,
        maxInlineWaitSeconds: 10,
        spaceWrites: false,
        clock,
      }),
    );
    return octokit;
  },
  plugins: () =>
    new Octokit({
      baseUrl,
      auth: 'token',
      request: { fetch: timedFetch },
      throttle: {
        onRateLimit: () => false,
        onSecondaryRateLimit: () => false,
        write: unthrottled,
      },
    }),
  bare: () =>
    new Octokit({
      baseUrl,
      auth: 'token',
      request: { fetch: timedFetch },
      retry: { enabled: false },
      throttle: { enabled: false },
    }),
};

const results = Object.fromEntries(Object.keys(setUps).map((k) => [k, []]));
for (let round = 0; round < 3; round++)
  for (const [name, make] of Object.entries(setUps)) {
    const octokit = make();
    gaps.length = 0;
    for (let i = 0; i < requests; i++) {
      calledAt = performance.now();
      await octokit.request(
        'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        {
          owner: 'acme',
          repo: 'runner',
          workflow_id: 'deploy.yml',
          ref: 'main',
          request: { retries: 0 },
        },
      );
    }
    results[name].push(...gaps);
  }
server.close();

const f = (x) => x.toFixed(3);
console.log(`${requests} dispatches × 3 rounds per set-up, sequential, loopback\n`);
console.log('| set-up | request → fetch p50 (ms) | p99 (ms) |');
console.log('|---|---|---|');
const p = {};
for (const [name, xs] of Object.entries(results)) {
  xs.sort((a, b) => a - b);
  p[name] = { p50: percentile(xs, 50), p99: percentile(xs, 99) };
  console.log(`| ${name} | ${f(p[name].p50)} | ${f(p[name].p99)} |`);
}
console.log(
  `\np50 ratio request policy / plugins: ${((100 * p['request policy'].p50) / p.plugins.p50).toFixed(1)} %`,
);
