/** GRAPE_REQUIRE_ISOLATION: required by default with the shared github runner, not locally. */
import { ConfigError, loadConfig } from '../../../dispatcher/src/config.js';
import { buildSpec } from '../../../dispatcher/src/dispatch/build-spec.js';
import type { Project } from '../../../dispatcher/src/store/records.js';

const github = {
  GITHUB_APP_ID: '123456',
  GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----',
  GITHUB_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  GRAPE_RUNNER_REPO: 'acme/grape-runner',
  GRAPE_PUBLIC_URL: 'https://grape.example.com',
};
// The local executor checks its action and sources exist: read from the repository root.
const repoRoot = process.cwd();
const local = { GRAPE_EXECUTOR: 'local', GRAPE_LOCAL_ENGINE_PATH: '/usr/bin/true' };

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/srv/grape');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('GRAPE_REQUIRE_ISOLATION', () => {
  it('defaults to true with the github executor and false with the local executor', () => {
    expect(loadConfig(github, '/srv/grape').requireIsolation).toBe(true);
    expect(loadConfig(local, repoRoot).requireIsolation).toBe(false);
  });

  it('overrides either default', () => {
    expect(
      loadConfig({ ...github, GRAPE_REQUIRE_ISOLATION: 'false' }, '/srv/grape').requireIsolation,
    ).toBe(false);
    expect(
      loadConfig({ ...local, GRAPE_REQUIRE_ISOLATION: 'true' }, repoRoot).requireIsolation,
    ).toBe(true);
  });

  it('refuses a value that is not true/false, naming the variable and a good value', () => {
    expect(problems({ ...github, GRAPE_REQUIRE_ISOLATION: 'yes' })).toEqual([
      "GRAPE_REQUIRE_ISOLATION is 'yes': not 'true' or 'false'. Use 'true' (runs refuse where Terraform cannot run as a separate user; the default with the github executor) or 'false' (the default with the local executor).",
    ]);
  });
});

describe('the spec', () => {
  const project = {
    id: 'p1',
    name: 'network',
    source: { repository: 'acme/infra', path: 'network' },
    region: 'eu-west-1',
    sessionDurationSeconds: 3600,
  } as unknown as Project;
  const deployment = {
    id: 'd1',
    tenantId: 't1',
    environment: 'prod',
    operation: 'plan',
    ref: 'main',
    variables: {},
    approves: null,
    planSha256: null,
  } as const;
  const settings = { publicUrl: 'https://g.example', audience: 'https://g.example' };

  it('carries requireIsolation when the setting is on, and leaves it out when off', () => {
    const on = buildSpec(deployment, project, {
      ...settings,
      runnerRoleArn: undefined,
      requireIsolation: true,
    });
    expect(on.requireIsolation).toBe(true);
    const off = buildSpec(deployment, project, {
      ...settings,
      runnerRoleArn: undefined,
      requireIsolation: false,
    });
    expect('requireIsolation' in off).toBe(false);
  });
});

describe('GRAPE_RUNNER_TENANT_ENVIRONMENTS', () => {
  it('is off by default and on with true', () => {
    expect(loadConfig(github, '/srv/grape').tenantEnvironments).toBe(false);
    expect(
      loadConfig({ ...github, GRAPE_RUNNER_TENANT_ENVIRONMENTS: 'true' }, '/srv/grape')
        .tenantEnvironments,
    ).toBe(true);
  });

  it('refuses a value that is not true/false, naming the variable and a good value', () => {
    expect(problems({ ...github, GRAPE_RUNNER_TENANT_ENVIRONMENTS: 'on' })).toEqual([
      "GRAPE_RUNNER_TENANT_ENVIRONMENTS is 'on': not 'true' or 'false'. Use 'true' once each tenant has its runner role trusting 'repo:<runner repo>:environment:grape-<tenant id>', else 'false'.",
    ]);
  });

  it('takes {tenant} in GRAPE_RUNNER_ROLE_ARN and still refuses what is not a role ARN', () => {
    expect(
      problems({
        ...github,
        GRAPE_RUNNER_ROLE_ARN: 'arn:aws:iam::111111111111:role/grape-runner-{tenant}',
      }),
    ).toEqual([]);
    expect(problems({ ...github, GRAPE_RUNNER_ROLE_ARN: 'grape-runner-{tenant}' })).toHaveLength(1);
  });
});
