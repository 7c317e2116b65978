/**
 * What the bundled action loads before it can act: undici (dist/undici.cjs) comes only with its
 * first use, never with `@actions/core`. Node's module debug log (NODE_DEBUG=module) names every
 * CommonJS file and built-in module loaded. And each capability's code stays in chunks that only
 * its step loads: getting credentials loads nothing of the engine, facts, cache or PGP.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot, runAction } from '../harness/action-runner.js';
import { RUNNER_ROLE, startIdentityFixture } from '../harness/identity-fixture.js';
import { commonJsLoads, runTracingLoads } from '../harness/loaded-files.js';

const DEBUG = { NODE_DEBUG: 'module' };

describe('the bundle', () => {
  it('ships undici once, in dist/undici.cjs, outside every chunk', async () => {
    const dist = path.join(repoRoot, 'dist');
    const files = (await readdir(dist)).filter((f) => /\.c?js$/.test(f));
    const holding = [];
    // Every undici error code starts with this; no other bundled package uses it.
    for (const file of files)
      if ((await readFile(path.join(dist, file), 'utf8')).includes('UND_ERR_')) holding.push(file);
    expect(holding).toEqual(['undici.cjs']);
  });
});

describe('a main step that fails on its configuration', () => {
  it('reports the bad input without loading undici', async () => {
    const run = await runAction({ inputs: { operation: 'not-an-operation' }, env: DEBUG });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain("Input 'operation' is 'not-an-operation'");
    // The debug log is on (built-ins are listed), and no bundled CommonJS file was loaded.
    expect(run.stderr).toMatch(/load built-in module/);
    expect(commonJsLoads(run.stderr)).toEqual([]);
  });
});

describe('a post step with nothing to clean up', () => {
  it('finishes without loading undici', async () => {
    const run = await runAction({ entry: 'post.js', env: DEBUG });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/load built-in module/);
    expect(commonJsLoads(run.stderr)).toEqual([]);
  });
});

describe('a credentials-only run', () => {
  // A string only the named capability's code holds (checked against dist/ below).
  const markers = {
    '@actions/cache and the Azure SDK': 'BlockBlobClient',
    openpgp: 'SignaturePacket',
    'Octokit (facts)': 'octokit',
    'the S3 client (plan store)': 'ListObjectsV2',
    'the engine': 'TF_IN_AUTOMATION',
    undici: 'UND_ERR_',
    "jose's JWT verification (runs with a spec only)": 'claim timestamp check failed',
  };

  it('loads the entry point and the STS client, nothing of later steps', async () => {
    const identity = await startIdentityFixture();
    try {
      const { run, loaded } = await runTracingLoads({
        inputs: { operation: 'credentials', 'aws-region': 'eu-west-1', 'role-arn': RUNNER_ROLE },
        env: identity.env,
      });
      expect(run.exitCode).toBe(0);
      expect(loaded).toContain('index.js');
      const sources = await Promise.all(
        loaded.map((f) => readFile(path.join(repoRoot, 'dist', f), 'utf8')),
      );
      expect(sources.some((s) => s.includes('AssumeRoleWithWebIdentity'))).toBe(true);
      const found = Object.entries(markers)
        .filter(([, marker]) => sources.some((s) => s.includes(marker)))
        .map(([what]) => what);
      expect(found).toEqual([]);
    } finally {
      await identity.close();
    }
  });

  it('is checked with markers that really are in dist/', async () => {
    const dist = path.join(repoRoot, 'dist');
    const all = await Promise.all(
      (await readdir(dist))
        .filter((f) => /\.c?js$/.test(f))
        .map((f) => readFile(path.join(dist, f), 'utf8')),
    );
    for (const marker of Object.values(markers))
      expect([marker, all.some((s) => s.includes(marker))]).toEqual([marker, true]);
  });
});
