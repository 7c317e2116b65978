/**
 * The plan comment with a plan too large for `env:`: the bundled action plans 150 long
 * non-ASCII resource addresses with real terraform, then the reusable workflow's comment step starts with
 * the env its YAML gives it (expressions evaluated from the action's real outputs) and posts a
 * body under GitHub's 65,536-character limit with the plan table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { copyModule, describeWithTerraform, terraformBinary } from '../harness/terraform-binary.js';
import { runGitHubScript, type FakeGitHub } from './github-script.js';
import { loadWorkflow, stepNamed } from './workflow-files.js';

/** Linux's MAX_ARG_STRLEN: the longest single `NAME=value` string execve accepts. */
const MAX_ARG_STRLEN = 131_072;

const publish = stepNamed(
  loadWorkflow('workflows/grape-deploy.yml'),
  'plan',
  'Publish the plan summary',
);

/**
 * The step's `env:` with its expressions evaluated for a pull-request run whose plan step
 * succeeded with `outputs`. Only the expression forms this step uses; any other fails the test.
 */
function stepEnv(outputs: Record<string, string>): Record<string, string> {
  const context: Record<string, string> = {
    'inputs.environment': 'staging',
    'inputs.working-directory': 'infra',
    'steps.plan.outcome': 'success',
    'github.server_url': 'https://github.com',
    'github.repository': 'acme/infra',
    'github.run_id': '9000000001',
  };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(publish.env as Record<string, string>)) {
    env[name] = value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression: string) => {
      const output = /^steps\.plan\.outputs\.([\w-]+)$/.exec(expression)?.[1];
      const result = output !== undefined ? (outputs[output] ?? '') : context[expression];
      if (result === undefined) throw new Error(`unevaluated expression ${expression} in ${name}`);
      return result;
    });
  }
  return env;
}

/** Whether a process can start with `env` (what the runner does for the next step). */
const startsWith = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['-e', ''], { env: { PATH: process.env['PATH'] ?? '', ...env } });

describeWithTerraform('a plan summary too large for an environment variable', () => {
  let dir: string;
  let runnerTemp: string;
  let run: ActionRun;
  let gh: FakeGitHub;
  let markdownFile: string;
  beforeAll(async () => {
    dir = await copyModule('many-unicode');
    // The runner deletes RUNNER_TEMP only after the job's last step: keep it for the next "step".
    runnerTemp = await mkdtemp(path.join(tmpdir(), 'grape-runner-temp-'));
    run = await runAction({
      cwd: dir,
      inputs: { operation: 'plan', 'engine-path': terraformBinary! },
      env: {
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        RUNNER_TEMP: runnerTemp,
      },
    });
    markdownFile = run.outputs['plan-markdown-file'] ?? '';
    gh = await runGitHubScript(publish.with?.['script'] as string, {
      env: stepEnv(run.outputs),
      pullRequest: 7,
    });
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(runnerTemp, { recursive: true, force: true });
  });

  it('is a plan whose JSON summary would not fit in one environment string', () => {
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const json = run.outputs['plan-summary'] ?? '';
    // Measured for docs/benchmarks.md.
    process.stdout.write(
      `plan-summary: ${Buffer.byteLength(json)} bytes, plan-markdown: ${run.outputs['plan-markdown']?.length} characters\n`,
    );
    expect(Buffer.byteLength(`GRAPE_PLAN_SUMMARY=${json}`)).toBeGreaterThan(MAX_ARG_STRLEN);
    // What the workflow did before: the next step could not start.
    expect(startsWith({ GRAPE_PLAN_SUMMARY: json }).error).toMatchObject({ code: 'E2BIG' });
  });

  it('outputs the paths of files holding the whole summary and the Markdown', async () => {
    const whole = JSON.parse(await readFile(run.outputs['plan-summary-file']!, 'utf8')) as {
      counts: { create: number };
      resources: unknown[];
      resourcesOmitted: number;
    };
    expect(whole.counts.create).toBe(150);
    expect(whole.resources.length + whole.resourcesOmitted).toBe(150);
    expect(await readFile(markdownFile, 'utf8')).toBe(run.outputs['plan-markdown']);
  });

  it('starts the comment step: its env carries a path, not the plan', () => {
    const env = stepEnv(run.outputs);
    expect(env['GRAPE_PLAN_MARKDOWN_FILE']).toBe(markdownFile);
    expect(startsWith(env).error).toBeUndefined();
    for (const value of Object.values(env)) expect(value.length).toBeLessThan(1024);
  });

  it("posts one comment under GitHub's 65,536-character limit with the plan table and a cut note", () => {
    expect(gh.calls).toEqual(['createComment #7']);
    const body = gh.comments[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('**Plan:** 150 to add, 0 to change, 0 to destroy.');
    expect(body).toContain(
      '| create | update | delete | replace | import | move | forget | read | no-op |',
    );
    expect(body).toContain('| 150 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
    expect(body).toContain('<code>terraform_data.élément["000-données-ünïcødé-日本語ŝ日本語ŝ');
    expect(body).toMatch(
      /_… \d+ more not shown: the list was cut to stay under GitHub's 65,536-character comment limit\._/,
    );
  });
});
