#!/usr/bin/env node
/**
 * Plan summary benchmark.
 * (1) speed: a generated 200 MB plan, summarised by Grape's streaming summariser and by `jq`
 *     computing the same action counts, in the same run; each measured as the wall time of its
 *     own process (start-up included), median of 3. Goal: ratio ≤ 1.0.
 * (2) memory: a generated ≥ 1 GB plan (beyond V8's string limit) summarised with peak RSS ≤ 256 MB.
 * Plans are generated into a temporary directory and deleted afterwards.
 *
 *   node bench/engine/summary.mjs [--size-mb 200] [--big-mb 1100]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSource } from './load-source.mjs';
import { generatePlan } from './generate-plan.mjs';
import { performance } from 'node:perf_hooks';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SIZE_MB = arg('size-mb', 200);
const BIG_MB = arg('big-mb', 1100);

function timed(command, args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - start, out })
        : reject(new Error(`${command} exited ${code}`)),
    );
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const JQ =
  '[.resource_changes[]?.change.actions | join("+")] | group_by(.) | map({(.[0]): length}) | add';
/** jq's "delete+create" style keys → the summariser's counts. */
function fromJq(groups) {
  const c = { create: 0, update: 0, delete: 0, replace: 0, read: 0, noOp: 0 };
  for (const [k, n] of Object.entries(groups ?? {})) {
    if (k === 'no-op') c.noOp += n;
    else if (k === 'delete+create' || k === 'create+delete') c.replace += n;
    else c[k] += n;
  }
  return c;
}

export async function benchSummary() {
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-bench-summary-'));
  try {
    const modulePath = await compileSource(
      'src/terraform/plan-json/summarize-plan.ts',
      path.join(dir, 'summariser'),
    );
    const plan = path.join(dir, 'plan.json');
    const generated = await generatePlan(plan, SIZE_MB);
    const bytes = (await stat(plan)).size;
    const ours = [];
    const jq = [];
    let oursCounts;
    let jqCounts;
    for (let i = 0; i < 3; i++) {
      const a = await timed(process.execPath, [
        path.join(import.meta.dirname, 'summarize-child.mjs'),
        modulePath,
        plan,
      ]);
      ours.push(a.ms);
      oursCounts = JSON.parse(a.out).counts;
      const b = await timed('jq', ['-c', JQ, plan]);
      jq.push(b.ms);
      jqCounts = fromJq(JSON.parse(b.out));
    }
    for (const k of Object.keys(jqCounts))
      if (jqCounts[k] !== oursCounts[k])
        throw new Error(`count ${k} differs: jq ${jqCounts[k]}, grape ${oursCounts[k]}`);
    await rm(plan);

    const big = path.join(dir, 'big-plan.json');
    await generatePlan(big, BIG_MB);
    const bigBytes = (await stat(big)).size;
    const bigRun = JSON.parse(
      (
        await timed(process.execPath, [
          path.join(import.meta.dirname, 'summarize-child.mjs'),
          modulePath,
          big,
        ])
      ).out,
    );
    return {
      planMB: bytes / 2 ** 20,
      resources: generated.resources,
      grapeMs: median(ours),
      jqMs: median(jq),
      ratio: median(ours) / median(jq),
      bigMB: bigBytes / 2 ** 20,
      bigMs: bigRun.ms,
      bigMaxRssMB: bigRun.maxRssMB,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const r = await benchSummary();
  console.log(JSON.stringify(r, null, 2));
  if (r.ratio > 1.0) console.error(`FAIL: ratio ${r.ratio.toFixed(2)} > 1.0`);
  if (r.bigMaxRssMB > 256) console.error(`FAIL: peak RSS ${r.bigMaxRssMB.toFixed(0)} MB > 256 MB`);
}
