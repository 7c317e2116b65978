#!/usr/bin/env node
/**
 * The cost of tenant isolation: the bundled action's plan step (`node dist/index.js`, the action
 * as a whole: config, sandbox, terraform init/validate/plan/show/output) with `isolation: off`
 * and `isolation: on`, interleaved in the same run, median of N each after one warm-up pair.
 * Isolation needs root (uid 0): the action copies the module, changes owners and runs terraform as
 * another uid. Also reports the median of the time terraform's commands themselves take (the
 * step's `[command]` lines to the next group end are not separable, so that is not measured).
 *
 *   npm run bundle && node bench/isolation/plan.mjs [runs=9] [module=test/fixtures/modules/basic]
 */
import { spawn, execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.argv[2] ?? 9);
const MODULE = path.resolve(repoRoot, process.argv[3] ?? 'test/fixtures/modules/basic');
const node = process.env['GRAPE_ACTION_NODE'] || process.execPath;
const terraform =
  process.env['GRAPE_TEST_TERRAFORM'] ||
  execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();

if (process.getuid?.() !== 0) {
  console.error('bench/isolation/plan.mjs: isolation needs root (uid 0); run it as root.');
  process.exit(2);
}

async function planOnce(isolation) {
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-bench-iso-'));
  const workspace = path.join(dir, 'ws');
  await cp(MODULE, workspace, { recursive: true });
  const files = {};
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    files[name] = path.join(dir, name);
    await writeFile(files[name], '');
  }
  const env = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    ...files,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_TEMP: path.join(dir, 'temp'),
    RUNNER_TOOL_CACHE: path.join(dir, 'tools'),
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    INPUT_OPERATION: 'plan',
    'INPUT_ENGINE-PATH': terraform,
    INPUT_ISOLATION: isolation,
    INPUT_ENGINE: 'terraform',
    'INPUT_WORKING-DIRECTORY': '.',
  };
  const start = performance.now();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(node, [path.join(repoRoot, 'dist', 'index.js')], {
      cwd: workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (c) => (c === 0 ? resolve(c) : reject(new Error(`exit ${c}:\n${out}`))));
  });
  const ms = performance.now() - start;
  // The post step's job: the engine's directory (isolated runs) is recorded in the state file.
  const state = await import('node:fs/promises').then((fs) =>
    fs.readFile(files.GITHUB_STATE, 'utf8'),
  );
  for (const m of state.matchAll(/"(\/[^"]*grape-engine-[^"]*)"/g))
    await rm(m[1], { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  return { ms, code };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
await planOnce('off');
await planOnce('on');
const off = [];
const on = [];
for (let i = 0; i < RUNS; i++) {
  off.push((await planOnce('off')).ms);
  on.push((await planOnce('on')).ms);
}
const result = {
  runs: RUNS,
  module: path.relative(repoRoot, MODULE),
  node,
  offMedianMs: Math.round(median(off)),
  onMedianMs: Math.round(median(on)),
  ratio: Number((median(on) / median(off)).toFixed(3)),
  extraMs: Math.round(median(on) - median(off)),
  offMs: off.map(Math.round),
  onMs: on.map(Math.round),
};
console.log(JSON.stringify(result, null, 2));
