#!/usr/bin/env node
/**
 * Engine install benchmark, against a loopback release mirror serving a deflated zip of the real
 * terraform binary (like releases.hashicorp.com), SHA256SUMS signed with a test key.
 * (1) cold install (download + signature + streamed SHA-256 + unzip + tool cache + version probe)
 *     vs `curl | sha256sum -c | unzip` on the same files; median of 3. Goal: ratio ≤ 1.2.
 * (2) the cached path (tool-cache hit, no network). Goal: ≤ 30 ms.
 *
 *   node bench/engine/install.mjs          (terraform from PATH or GRAPE_TEST_TERRAFORM)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSource } from './load-source.mjs';
import { performance } from 'node:perf_hooks';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sh = (script, cwd) =>
  new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('sh', ['-ec', script], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) =>
      code === 0
        ? resolve(performance.now() - start)
        : reject(new Error(`baseline exited ${code}`)),
    );
  });

export async function benchInstall() {
  const terraform =
    process.env.GRAPE_TEST_TERRAFORM ||
    execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
  const version = JSON.parse(
    execFileSync(terraform, ['version', '-json'], { encoding: 'utf8' }),
  ).terraform_version;
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-bench-install-'));
  const m = await loadSource('bench/engine/install-entry.ts', path.join(dir, 'compiled'));
  const mirror = await m.startReleaseMirror();
  try {
    const { archiveName } = await mirror.addRelease({
      product: 'terraform',
      version,
      binary: terraform,
      level: 6,
    });
    const quiet = () => undefined;
    const io = {
      info: quiet,
      debug: quiet,
      warning: quiet,
      error: quiet,
      notice: quiet,
      saveState: quiet,
      setOutput: quiet,
      group: (_n, fn) => fn(),
    };
    const install = async (toolCacheDir, tempDir) => {
      process.env.RUNNER_TOOL_CACHE = toolCacheDir;
      process.env.RUNNER_TEMP = tempDir;
      await mkdir(tempDir, { recursive: true });
      const start = performance.now();
      const got = await m.installEngine(
        {
          name: 'terraform',
          version: m.parseVersionRequest(version),
          mirror: new URL(`${mirror.url}/`),
          signingKey: mirror.key.publicKey,
          path: undefined,
        },
        dir,
        dir,
        {
          io,
          env: process.env,
          fetch,
          toolCache: m.toolCache,
          command: {
            spawn: m.spawnProcess,
            io,
            signals: { on: quiet, off: quiet },
            cancelGraceMs: 5000,
          },
          tempDir,
          platform: { os: 'linux', arch: 'amd64' },
          readText: async () => undefined,
          listDir: async () => [],
        },
      );
      return { ms: performance.now() - start, source: got.source };
    };
    const cold = [];
    const baseline = [];
    const cached = [];
    const fresh = [];
    const keyFile = path.join(dir, 'key.asc');
    await writeFile(keyFile, mirror.key.publicKey);
    const modulePath = path.join(dir, 'compiled', 'index.mjs');
    const base = `${mirror.url}/terraform/${version}`;
    for (let i = 0; i < 3; i++) {
      const run = await mkdtemp(path.join(dir, 'run-'));
      const tools = path.join(run, 'tools');
      const r = await install(tools, path.join(run, 'tmp'));
      if (r.source !== 'download') throw new Error('expected a download');
      cold.push(r.ms);
      for (let j = 0; j < 5; j++) {
        const c = await install(tools, path.join(run, 'tmp2'));
        if (c.source !== 'tool-cache') throw new Error('expected a cache hit');
        cached.push(c.ms);
      }
      const out = execFileSync(
        process.execPath,
        [
          path.join(import.meta.dirname, 'cached-child.mjs'),
          modulePath,
          version,
          mirror.url,
          keyFile,
          run,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, RUNNER_TOOL_CACHE: tools, RUNNER_TEMP: path.join(run, 'tmp3') },
        },
      );
      const child = JSON.parse(out.trim().split('\n').at(-1));
      if (child.source !== 'tool-cache')
        throw new Error('expected a cache hit in the fresh process');
      fresh.push(child.ms);
      const b = await mkdtemp(path.join(dir, 'baseline-'));
      baseline.push(
        await sh(
          `curl -sfO ${base}/${archiveName} && curl -sf ${base}/terraform_${version}_SHA256SUMS | grep ' ${archiveName}$' | sha256sum -c - >/dev/null && unzip -q -o ${archiveName} -d out`,
          b,
        ),
      );
    }
    return {
      version,
      coldMs: median(cold),
      baselineMs: median(baseline),
      ratio: median(cold) / median(baseline),
      cachedMs: median(fresh),
      cachedWarmMs: median(cached),
    };
  } finally {
    await mirror.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const r = await benchInstall();
  console.log(JSON.stringify(r, null, 2));
  if (r.ratio > 1.2) console.error(`FAIL: cold install ratio ${r.ratio.toFixed(2)} > 1.2`);
  if (r.cachedMs > 30)
    console.error(
      `FAIL: cached path ${r.cachedMs.toFixed(1)} ms > 30 ms (first call in a fresh process)`,
    );
}
