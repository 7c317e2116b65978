#!/usr/bin/env node
/**
 * The identity step per cloud against the AWS path, in the same run: the bundled action with
 * `operation: credentials` through the runner emulation, against the loopback stand-ins (OIDC
 * issuer, STS; Google STS + IAM Credentials; Entra), scenarios interleaved round by round, medians
 * and each cloud's ratio to AWS. Counts the token requests and exchanges each makes.
 *
 *   node --import ./bench/facts/ts-hooks.mjs bench/identity/clouds.mjs [rounds]
 */
import { performance } from 'node:perf_hooks';
import { runAction } from '../../test/harness/action-runner.js';
import {
  AZURE_CLIENT,
  AZURE_SUBSCRIPTION,
  AZURE_TENANT,
  GCP_PROJECT,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
  startCloudIdentityFixture,
} from '../../test/harness/cloud-identity-fixture.js';
import { RUNNER_ROLE } from '../../test/harness/identity-fixture.js';

const rounds = Number(process.argv[2] ?? 15);
const AWS = { 'role-arn': RUNNER_ROLE, 'aws-region': 'eu-west-1' };
const GCP = {
  'gcp-workload-identity-provider': GCP_PROVIDER,
  'gcp-service-account': GCP_SERVICE_ACCOUNT,
  'gcp-project-id': GCP_PROJECT,
};
const GCP_DIRECT = { 'gcp-workload-identity-provider': GCP_PROVIDER };
const AZURE = {
  'azure-client-id': AZURE_CLIENT,
  'azure-tenant-id': AZURE_TENANT,
  'azure-subscription-id': AZURE_SUBSCRIPTION,
};
const scenarios = {
  aws: AWS,
  'gcp (impersonated service account)': GCP,
  'gcp (direct federation)': GCP_DIRECT,
  azure: AZURE,
  'aws + gcp + azure': { ...AWS, ...GCP, ...AZURE },
};

const fx = await startCloudIdentityFixture();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = Object.fromEntries(Object.keys(scenarios).map((name) => [name, []]));
const calls = {};
try {
  const once = async (name) => {
    const before = {
      tokens: fx.issuer.issued.length,
      sts: fx.sts.calls.length,
      google: fx.google.calls.length,
      entra: fx.entra.calls.length,
    };
    const start = performance.now();
    const run = await runAction({
      inputs: { operation: 'credentials', ...scenarios[name] },
      env: fx.env,
    });
    const ms = performance.now() - start;
    if (run.exitCode !== 0) throw new Error(`${name} failed: ${run.errors.join('\n')}`);
    calls[name] = {
      githubTokens: fx.issuer.issued.length - before.tokens,
      awsSts: fx.sts.calls.length - before.sts,
      google: fx.google.calls.length - before.google,
      entra: fx.entra.calls.length - before.entra,
    };
    return ms;
  };
  for (const name of Object.keys(scenarios)) await once(name); // warm-up
  for (let round = 0; round < rounds; round++)
    for (const name of Object.keys(scenarios)) times[name].push(await once(name));
} finally {
  await fx.close();
}
const aws = median(times.aws);
console.log(
  JSON.stringify(
    {
      node: process.env.GRAPE_ACTION_NODE ? 'GRAPE_ACTION_NODE' : process.version,
      rounds,
      scenarios: Object.fromEntries(
        Object.entries(times).map(([name, xs]) => [
          name,
          {
            medianMs: +median(xs).toFixed(1),
            vsAwsMs: +(median(xs) - aws).toFixed(1),
            ratioToAws: +(median(xs) / aws).toFixed(2),
            ...calls[name],
          },
        ]),
      ),
    },
    null,
    2,
  ),
);
