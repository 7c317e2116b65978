/**
 * The runner sends every action.yml default (`facts-format: yaml`,
 * `facts-mode: commit`, `github-token: ${{ github.token }}`, …) as INPUT_<NAME>. The bundled dist,
 * run through the runner emulation, must succeed without a facts target, and still refuse a facts
 * input the workflow really set.
 */
import { rm } from 'node:fs/promises';
import { readActionManifest } from '../../dispatcher/src/executor/runner/action-manifest.js';
import { materialiseInputs } from '../../dispatcher/src/executor/runner/materialise-inputs.js';
import { EMULATED_GITHUB_TOKEN, repoRoot, runAction } from '../harness/action-runner.js';
import { startEngineFixture, type EngineFixture } from '../harness/engine-fixture.js';
import {
  RUNNER_ROLE,
  startIdentityFixture,
  type IdentityFixture,
} from '../harness/identity-fixture.js';
import { copyModule, describeWithTerraform } from '../harness/terraform-binary.js';

describe('the inputs the runner materialises for a step that gives only operation', () => {
  it('are every action.yml input, defaults evaluated, the rest empty', async () => {
    const manifest = await readActionManifest(repoRoot);
    const { inputs } = materialiseInputs(
      manifest,
      { operation: 'credentials' },
      { github: { token: EMULATED_GITHUB_TOKEN } },
    );
    expect(Object.keys(inputs).sort()).toEqual(manifest.inputs.map((i) => i.name).sort());
    expect(inputs).toMatchObject({
      operation: 'credentials',
      'facts-format': 'yaml',
      'facts-mode': 'commit',
      'github-token': EMULATED_GITHUB_TOKEN,
      'facts-repository': '',
    });
  });
});

describe('operation: credentials without a facts target (the README example)', () => {
  let fx: IdentityFixture;
  beforeAll(async () => {
    fx = await startIdentityFixture();
  });
  afterAll(async () => fx.close());

  it('succeeds with every default materialised', async () => {
    const run = await runAction({
      inputs: { operation: 'credentials', 'role-arn': RUNNER_ROLE, 'aws-region': 'eu-west-1' },
      env: fx.env,
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv['AWS_ACCESS_KEY_ID']).toMatch(/^ASIA/);
  });

  it('still refuses a facts input the workflow set to a non-default value', async () => {
    const run = await runAction({
      inputs: {
        operation: 'credentials',
        'role-arn': RUNNER_ROLE,
        'aws-region': 'eu-west-1',
        'facts-format': 'json',
      },
      env: fx.env,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(
      "Input 'facts-format' is set but neither 'facts-repository' nor 'facts-git-url' is",
    );
  });
});

describeWithTerraform('a plan without facts', () => {
  let fx: EngineFixture;
  let dir: string;
  beforeAll(async () => {
    fx = await startEngineFixture();
    dir = await copyModule('basic');
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('plans with every default materialised', async () => {
    const run = await runAction({
      cwd: dir,
      inputs: fx.inputs({
        operation: 'plan',
        variables: JSON.stringify({ environment: 'prod', replicas: 1, tags: {}, db_password: 'x' }),
      }),
      env: fx.env({}),
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['has-changes']).toBe('true');
  });
});
