#!/usr/bin/env node
/**
 * What each kind of step really loads from dist/ (files and bytes), next to all of dist/: a bad
 * input, a credentials-only run (the identity step, against the loopback OIDC issuer and STS) and
 * an idle post step. Runs the bundle as the runner does (test/harness/action-runner.ts).
 * Usage: node --import ./bench/facts/ts-hooks.mjs bench/identity/loaded.mjs
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../test/harness/action-runner.js';
import { RUNNER_ROLE, startIdentityFixture } from '../../test/harness/identity-fixture.js';
import { runTracingLoads } from '../../test/harness/loaded-files.js';

const dist = path.join(repoRoot, 'dist');
const size = (f) => statSync(path.join(dist, f)).size;
const mb = (bytes) => +(bytes / 1e6).toFixed(3);
const identity = await startIdentityFixture();
try {
  const cases = {
    'bad input (main step)': { inputs: { operation: 'not-an-operation' } },
    'credentials only (main step: OIDC → STS)': {
      inputs: { operation: 'credentials', 'aws-region': 'eu-west-1', 'role-arn': RUNNER_ROLE },
      env: identity.env,
    },
    'post step (nothing to clean up)': { entry: 'post.js' },
  };
  const result = {};
  for (const [name, options] of Object.entries(cases)) {
    const { run, loaded } = await runTracingLoads(options);
    result[name] = {
      exitCode: run.exitCode,
      files: loaded,
      MB: mb(loaded.reduce((sum, f) => sum + size(f), 0)),
    };
  }
  const all = readdirSync(dist).filter((f) => /\.c?js$/.test(f));
  result['all of dist/ (every chunk)'] = {
    files: all.length,
    MB: mb(all.reduce((sum, f) => sum + size(f), 0)),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await identity.close();
}
