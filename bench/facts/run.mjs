#!/usr/bin/env node
// Facts benchmarks: API calls per commit (steady state and under 20-way contention) against the
// GitHub stand-in backed by a real bare repository, and time per commit in git mode compared with a
// plain `git commit && git push` to a local bare repository, in the same run.
//
//   node --import ./bench/facts/ts-hooks.mjs bench/facts/run.mjs [--rounds 20]
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { startGitHubApi } from '../../test/harness/github/github-api.js';
import { serveGitRepository } from '../../test/harness/github/git-data.js';
import { bareRepo } from '../../test/facts/git-repos.js';
import { changeFor, outputsJson } from '../../test/facts/facts-helpers.js';
import { createGitHubClient } from '../../src/facts/github/github-client.js';
import { commitFactsToGitHub } from '../../src/facts/github/github-committer.js';
import { commitFactsWithGit } from '../../src/facts/git/git-committer.js';
import { readGitUrl } from '../../src/config/facts/facts-destination.js';
import { nodeExec } from '../../src/process/exec.js';
import { DEFAULT_COMMIT_RETRY } from '../../src/facts/retry-on-conflict.js';

const run = promisify(execFile);
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 20;
const retry = {
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
  policy: DEFAULT_COMMIT_RETRY,
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const facts = (i, env = 'prod') =>
  changeFor(
    outputsJson(
      { vpc_id: `vpc-${i}`, cluster_endpoint: 'https://eks.example' },
      { db_password: 'x' },
    ),
    { environment: env, deploymentId: `dep_${i}` },
  );

async function apiBench() {
  const api = await startGitHubApi();
  const gitops = await serveGitRepository(api);
  const client = createGitHubClient('ghs_bench', { GITHUB_API_URL: api.url });
  const repo = { owner: 'acme', repo: 'gitops' };
  const calls = async (fn) => {
    const before = api.requests.length;
    const t = performance.now();
    const result = await fn();
    return { calls: api.requests.length - before, ms: performance.now() - t, result };
  };
  const commit = (change, env = 'main') =>
    commitFactsToGitHub(repo, env, change, undefined, { client, ...retry });
  const first = await calls(() => commit(facts(0)));
  const own = [];
  const noop = [];
  const foreign = [];
  const foreignNoop = [];
  for (let i = 1; i <= rounds; i++) {
    own.push(await calls(() => commit(facts(i))));
    noop.push(await calls(() => commit(facts(i))));
    await gitops.commitFile('main', `apps/app-${i}.yaml`, `replicas: ${i}\n`);
    foreignNoop.push(await calls(() => commit(facts(i))));
    await gitops.commitFile('main', `apps/app-${i}.yaml`, `replicas: ${i + 1}\n`);
    foreign.push(await calls(() => commit(facts(1000 + i))));
  }
  // 20-way contention: 20 environments at once.
  const before = api.requests.length;
  const t = performance.now();
  const raced = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      commitFactsToGitHub(repo, 'main', facts(2000 + i, `env${i}`), undefined, {
        client,
        ...retry,
      }),
    ),
  );
  const racedMs = performance.now() - t;
  const racedCalls = api.requests.length - before;
  const violations = api.violations.length;
  await api.close();
  await gitops.close();
  return {
    first: first.calls,
    ownHead: mean(own.map((x) => x.calls)),
    noop: mean(noop.map((x) => x.calls)),
    foreignHead: mean(foreign.map((x) => x.calls)),
    foreignNoop: mean(foreignNoop.map((x) => x.calls)),
    msPerCommit: median(own.map((x) => x.ms)),
    contention: {
      meanRetries: mean(raced.map((r) => r.attempts - 1)),
      maxAttempts: Math.max(...raced.map((r) => r.attempts)),
      callsPerCommit: racedCalls / 20,
      wallMs: racedMs,
    },
    violations,
  };
}

async function gitBench() {
  const repo = await bareRepo();
  const destination = readGitUrl(`file://${repo.dir}`).destination;
  const grape = [];
  for (let i = 1; i <= rounds; i++) {
    const t = performance.now();
    await commitFactsWithGit(
      destination,
      'main',
      facts(i),
      { token: undefined, author: undefined },
      { exec: nodeExec, env: process.env, tempDir: tmpdir(), ...retry },
    );
    grape.push(performance.now() - t);
  }
  // Plain git in a kept clone: write, commit, push (the floor any git-based tool pays).
  const work = await mkdtemp(path.join(tmpdir(), 'grape-plain-'));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'b',
    GIT_AUTHOR_EMAIL: 'b@x',
    GIT_COMMITTER_NAME: 'b',
    GIT_COMMITTER_EMAIL: 'b@x',
  };
  await run('git', ['clone', '--quiet', `file://${repo.dir}`, work], { env });
  const plain = [];
  for (let i = 1; i <= rounds; i++) {
    const t = performance.now();
    await writeFile(path.join(work, 'plain.yaml'), `n: ${i}\n`);
    await run('git', ['-C', work, 'add', 'plain.yaml'], { env });
    await run('git', ['-C', work, 'commit', '--quiet', '-m', `plain ${i}`], { env });
    await run('git', ['-C', work, 'push', '--quiet', 'origin', 'HEAD:main'], { env });
    plain.push(performance.now() - t);
  }
  // Plain clone + commit + push each time (what a fresh CI job pays).
  const plainFresh = [];
  for (let i = 1; i <= rounds; i++) {
    const t = performance.now();
    const dir = await mkdtemp(path.join(tmpdir(), 'grape-fresh-'));
    await run('git', ['clone', '--quiet', '--depth', '1', `file://${repo.dir}`, dir], { env });
    await writeFile(path.join(dir, 'fresh.yaml'), `n: ${i}\n`);
    await run('git', ['-C', dir, 'add', 'fresh.yaml'], { env });
    await run('git', ['-C', dir, 'commit', '--quiet', '-m', `fresh ${i}`], { env });
    await run('git', ['-C', dir, 'push', '--quiet', 'origin', 'HEAD:main'], { env });
    await rm(dir, { recursive: true, force: true });
    plainFresh.push(performance.now() - t);
  }
  await rm(work, { recursive: true, force: true });
  const raced = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      commitFactsWithGit(
        destination,
        'main',
        facts(3000 + i, `env${i}`),
        { token: undefined, author: undefined },
        { exec: nodeExec, env: process.env, tempDir: tmpdir(), ...retry },
      ),
    ),
  );
  const files = (await repo.git('ls-tree', '-r', '--name-only', 'main'))
    .split('\n')
    .filter((f) => f.startsWith('facts/shop/env')).length;
  await repo.close();
  return {
    grapeMs: median(grape),
    plainMs: median(plain),
    plainFreshMs: median(plainFresh),
    contention: {
      meanRetries: mean(raced.map((r) => r.attempts - 1)),
      maxAttempts: Math.max(...raced.map((r) => r.attempts)),
      filesLanded: files,
    },
  };
}

const api = await apiBench();
const git = await gitBench();
const f = (n, d = 1) => n.toFixed(d);
console.log(
  `# Facts benchmark — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} CPUs, rounds=${rounds}\n`,
);
console.log('## API mode (GitHub stand-in over loopback, backed by a real bare repository)\n');
console.log('| case | API calls per run |\n|---|---|');
console.log(
  `| first commit of an environment (file absent: path checked through the tree) | ${f(api.first, 0)} |`,
);
console.log(
  `| changed facts, branch head is our last facts commit (steady state) | ${f(api.ownHead, 2)} |`,
);
console.log(`| changed facts, another writer committed last | ${f(api.foreignHead, 2)} |`);
console.log(`| unchanged facts, head is our commit (no commit made) | ${f(api.noop, 2)} |`);
console.log(
  `| unchanged facts, another writer committed last (no commit made) | ${f(api.foreignNoop, 2)} |`,
);
console.log(`| 20-way contention, per commit | ${f(api.contention.callsPerCommit, 2)} |`);
console.log(
  `\n20-way contention: mean retries ${f(api.contention.meanRetries, 2)}, max attempts ${api.contention.maxAttempts}, all 20 landed in ${f(api.contention.wallMs, 0)} ms; median time per steady-state commit ${f(api.msPerCommit)} ms; contract violations: ${api.violations}.\n`,
);
console.log('## Git mode (file:// bare repository)\n');
console.log('| what | median ms per commit |\n|---|---|');
console.log(
  `| Grape git mode (shallow clone, check, commit, push, clean up) | ${f(git.grapeMs)} |`,
);
console.log(`| plain \`git commit && git push\` in a kept clone | ${f(git.plainMs)} |`);
console.log(`| plain \`git clone --depth 1\` + commit + push each time | ${f(git.plainFreshMs)} |`);
console.log(
  `\nRatio Grape / plain commit+push: ${f(git.grapeMs / git.plainMs, 2)}×; Grape / fresh clone+commit+push: ${f(git.grapeMs / git.plainFreshMs, 2)}×.`,
);
console.log(
  `20-way contention: mean retries ${f(git.contention.meanRetries, 2)}, max attempts ${git.contention.maxAttempts}, ${git.contention.filesLanded}/20 files landed.`,
);
