/**
 * One workflow job run through the runner emulation, step by step as the runner does: `if:`
 * (default `success()`), `env:` and `with:` expressions evaluated, `grape/deploy` (the bundled
 * dist) through runNodeStep with every action.yml default materialised and its post step at the
 * end of the job under `post-if`, `run:` steps in bash, GITHUB_ENV/GITHUB_PATH/outputs carried to
 * later steps. Third-party actions go to the stand-ins of JobWorld (documented there).
 * Anything the runner would warn about or could not run is a "problem": the tests require none.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readActionManifest } from '../../dispatcher/src/executor/runner/action-manifest.js';
import {
  evaluateCondition,
  evaluateTemplate,
  type ExpressionContexts,
} from '../../dispatcher/src/executor/runner/expressions.js';
import { materialiseInputs } from '../../dispatcher/src/executor/runner/materialise-inputs.js';
import {
  runNodeStep,
  type NodeStepResult,
} from '../../dispatcher/src/executor/runner/run-node-step.js';
import { actionNode, repoRoot } from '../harness/action-runner.js';
import { runShellStep } from './emulated-shell-step.js';
import type { Job, Step } from './workflow-files.js';

export interface JobWorld {
  readonly hostEnv: Readonly<Record<string, string>>;
  readonly toolCache: string;
  /** ACTIONS_* a job gets; with `id-token: write` the OIDC request variables, its token's `sub` given. */
  actionsEnv(
    idToken:
      { readonly sub: string; readonly github: Readonly<Record<string, unknown>> } | undefined,
  ): Record<string, string>;
  /** actions/checkout stand-in: the repository's files at github.sha into the workspace. */
  checkout(workspace: string, github: Readonly<Record<string, unknown>>): Promise<void>;
  /** actions/github-script stand-in; resolves to an error message or undefined. */
  githubScript(
    script: string,
    env: Record<string, string>,
    github: Readonly<Record<string, unknown>>,
  ): Promise<string | undefined>;
}

export interface StepRecord {
  readonly name: string;
  readonly kind: 'grape' | 'grape-post' | 'run' | 'checkout' | 'github-script' | 'skipped';
  readonly outcome: string;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly result?: NodeStepResult;
}

export interface JobRun {
  readonly label: string;
  readonly result: 'success' | 'failure';
  readonly outputs: Record<string, string>;
  readonly steps: StepRecord[];
  readonly problems: string[];
}

export interface JobOptions {
  readonly label: string;
  readonly job: Job;
  /** github (event, repository, …), inputs, vars, secrets, matrix, needs, strategy. */
  readonly contexts: ExpressionContexts & { readonly github: Readonly<Record<string, unknown>> };
  /** Workflow + job `env:`, already evaluated. */
  readonly env: Readonly<Record<string, string>>;
  readonly idToken: boolean;
  readonly environment: string | undefined;
  readonly world: JobWorld;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);

export async function runEmulatedJob(options: JobOptions): Promise<JobRun> {
  const root = await mkdtemp(path.join(tmpdir(), 'grape-job-'));
  const workspace = path.join(root, 'work');
  const temp = path.join(root, 'temp');
  await Promise.all([mkdir(workspace), mkdir(temp)]);
  const github = {
    ...options.contexts.github,
    workspace,
    token: 'ghs_emulatedJobToken000000000000000000',
  } as Record<string, unknown> & { workspace: string };
  const repo = text(github['repository']);
  const sub = options.environment
    ? `repo:${repo}:environment:${options.environment}`
    : github['event_name'] === 'pull_request'
      ? `repo:${repo}:pull_request`
      : `repo:${repo}:ref:${text(github['ref'])}`;
  const actionsEnv = options.world.actionsEnv(options.idToken ? { sub, github } : undefined);
  const runner = {
    os: 'Linux',
    arch: 'X64',
    name: 'emulated',
    environment: 'github-hosted',
    temp,
    tool_cache: options.world.toolCache,
  };
  const manifest = { ...(await readActionManifest(repoRoot)), dir: repoRoot };
  const problems: string[] = [];
  const steps: StepRecord[] = [];
  const stepsContext: Record<
    string,
    { outputs: Record<string, string>; outcome: string; conclusion: string }
  > = {};
  const jobEnv: Record<string, string> = { ...options.env };
  const prependPath: string[] = [];
  const posts: { name: string; inputs: Record<string, string>; state: Record<string, string> }[] =
    [];
  let failed = false;
  const contexts = (stepEnv: Record<string, string> = {}): ExpressionContexts => ({
    ...options.contexts,
    github,
    runner,
    env: { ...jobEnv, ...stepEnv },
    steps: stepsContext,
    job: { status: failed ? 'failure' : 'success' },
  });
  const common = {
    hostEnv: options.world.hostEnv,
    prependPath,
    github,
    runner,
    actionsEnv,
    fileCommandDir: temp,
  };
  const take = (result: NodeStepResult): void => {
    Object.assign(jobEnv, result.env);
    prependPath.push(...result.path);
  };
  try {
    for (const [index, step] of (options.job.steps ?? []).entries()) {
      const name = step.name ?? step.uses ?? `step ${index + 1}`;
      const id = typeof step['id'] === 'string' ? step['id'] : `__step${index}`;
      const status = failed ? 'failure' : 'success';
      const stepEnv = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluateTemplate(text(v), contexts())]),
      );
      if (!evaluateCondition(text(step['if']), contexts(stepEnv), status)) {
        steps.push({ name, kind: 'skipped', outcome: 'skipped' });
        stepsContext[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        continue;
      }
      const given = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [
          k,
          evaluateTemplate(text(v), contexts(stepEnv)),
        ]),
      );
      const record = await runStep(step, name, given, stepEnv);
      steps.push(record);
      const outcome = record.outcome;
      const continueOnError = step['continue-on-error'] === true;
      stepsContext[id] = {
        outputs: record.result?.outputs ?? {},
        outcome,
        conclusion: outcome === 'failure' && continueOnError ? 'success' : outcome,
      };
      if (outcome === 'failure' && !continueOnError) failed = true;
    }
    for (const post of posts.reverse()) {
      if (!evaluateCondition(manifest.postIf, contexts(), failed ? 'failure' : 'success')) continue;
      const result = await runNodeStep({
        ...common,
        manifest,
        stage: 'post',
        inputs: post.inputs,
        state: post.state,
        jobEnv,
        node: actionNode(),
      });
      steps.push({
        name: `Post ${post.name}`,
        kind: 'grape-post',
        outcome: result.outcome,
        result,
      });
      if (result.outcome === 'failure') failed = true;
    }
    const outputs = Object.fromEntries(
      Object.entries((options.job['outputs'] as Record<string, string> | undefined) ?? {}).map(
        ([k, v]) => [k, evaluateTemplate(v, contexts())],
      ),
    );
    return {
      label: options.label,
      result: failed ? 'failure' : 'success',
      outputs,
      steps,
      problems,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  async function runStep(
    step: Step,
    name: string,
    given: Record<string, string>,
    stepEnv: Record<string, string>,
  ): Promise<StepRecord> {
    const uses = step.uses ?? '';
    if (step.run !== undefined) {
      const workingDirectory = path.join(workspace, text(step['working-directory']) || '.');
      const result = await runShellStep(evaluateTemplate(step.run, contexts(stepEnv)), {
        ...common,
        jobEnv: { ...jobEnv, ...stepEnv },
        workingDirectory,
      });
      take(result);
      return { name, kind: 'run', outcome: result.outcome, result };
    }
    if (uses === 'grape/deploy@v1' || uses === './') {
      const { inputs, warnings } = materialiseInputs(manifest, given, contexts(stepEnv));
      problems.push(...warnings.map((w) => `${options.label} / ${name}: ${w}`));
      const result = await runNodeStep({
        ...common,
        manifest,
        stage: 'main',
        inputs,
        state: {},
        jobEnv: { ...jobEnv, ...stepEnv },
        node: actionNode(),
        killAfterMs: 180_000,
      });
      take(result);
      if (manifest.post) posts.push({ name, inputs, state: result.state });
      return { name, kind: 'grape', outcome: result.outcome, inputs, result };
    }
    if (/^actions\/checkout@/.test(uses)) {
      await options.world.checkout(workspace, github);
      return { name, kind: 'checkout', outcome: 'success' };
    }
    if (/^actions\/github-script@/.test(uses)) {
      const error = await options.world.githubScript(
        given['script'] ?? '',
        { ...jobEnv, ...stepEnv },
        github,
      );
      if (error) problems.push(`${options.label} / ${name}: github-script failed: ${error}`);
      return { name, kind: 'github-script', outcome: error ? 'failure' : 'success' };
    }
    problems.push(`${options.label} / ${name}: no stand-in for 'uses: ${uses}'`);
    return { name, kind: 'skipped', outcome: 'failure' };
  }
}
