/**
 * A whole workflow run through the runner emulation for one event: the event must be one the
 * workflow declares (`on:`), workflow_dispatch / workflow_call inputs are checked against their
 * declarations (unknown, missing required, wrong type: problems), jobs run in `needs` order under
 * their `if:`, matrices expand, and a job that `uses:` a reusable workflow of this repository runs
 * that workflow's jobs with the `with:` and `secrets:` it passes (GitHub's own rules: unverified
 * beyond docs.github.com "Reusing workflows").
 */
import path from 'node:path';
import { parse } from 'yaml';
import {
  evaluateCondition,
  evaluateTemplate,
  type ExpressionContexts,
} from '../../dispatcher/src/executor/runner/expressions.js';
import { bindInputs, typed, type InputDeclarations } from './bind-inputs.js';
import { runEmulatedJob, type JobRun, type JobWorld } from './emulated-job.js';
import { readRepoFile, type Job, type Workflow } from './workflow-files.js';

export interface WorkflowRunOptions {
  readonly label: string;
  readonly workflow: Workflow;
  readonly event: string;
  /** github context of the run: event_name, event (the webhook payload), repository, ref, sha, … */
  readonly github: Readonly<Record<string, unknown>>;
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly vars?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly world: JobWorld;
}

export interface WorkflowRun {
  readonly jobs: JobRun[];
  readonly results: Record<string, { result: string; outputs: Record<string, string> }>;
  readonly problems: string[];
}

/** `grape/deploy/.github/workflows/grape-deploy.yml@v1` is this repository's workflows/grape-deploy.yml. */
const REUSABLE = /^grape\/deploy\/\.github\/workflows\/([\w.-]+)@v1$/;

const text = (value: unknown): string =>
  value === undefined || value === null ? '' : String(value);

function matrixOf(job: Job, contexts: ExpressionContexts): Record<string, unknown>[] {
  const matrix = (job['strategy'] as { matrix?: Record<string, unknown> } | undefined)?.matrix;
  if (!matrix) return [{}];
  const { include, exclude, ...axes } = matrix as {
    include?: Record<string, unknown>[];
    exclude?: unknown;
  };
  if (exclude) throw new Error('matrix exclude: not emulated');
  let combos: Record<string, unknown>[] = [{}];
  for (const [axis, values] of Object.entries(axes)) {
    const list =
      typeof values === 'string' ? JSON.parse(evaluateTemplate(values, contexts)) : values;
    combos = combos.flatMap((c) => (list as unknown[]).map((v) => ({ ...c, [axis]: v })));
  }
  if (include) combos = Object.keys(axes).length === 0 ? [...include] : [...combos, ...include];
  return combos;
}

function eventsOf(workflow: Workflow): string[] {
  const on = workflow['on'];
  return typeof on === 'string'
    ? [on]
    : Array.isArray(on)
      ? on.map(String)
      : Object.keys((on as object) ?? {});
}

export async function runEmulatedWorkflow(
  options: WorkflowRunOptions,
  callerPermissions?: Record<string, string>,
): Promise<WorkflowRun> {
  const { workflow } = options;
  const problems: string[] = [];
  if (!eventsOf(workflow).includes(options.event))
    problems.push(`${options.label}: the workflow does not declare the '${options.event}' event`);
  const on = (workflow['on'] ?? {}) as Record<string, { inputs?: InputDeclarations } | null>;
  const declared =
    on[options.event === 'workflow_call' ? 'workflow_call' : 'workflow_dispatch']?.inputs ?? {};
  const bound =
    options.event === 'workflow_dispatch' || options.event === 'workflow_call'
      ? bindInputs(declared, options.inputs ?? {}, options.label)
      : { inputs: {}, problems: [] };
  problems.push(...bound.problems);
  const base = { github: options.github, inputs: bound.inputs, vars: options.vars ?? {} };
  const results: WorkflowRun['results'] = {};
  const jobs: JobRun[] = [];
  const pending = Object.entries(workflow.jobs);
  while (pending.length > 0) {
    const at = pending.findIndex(([, job]) =>
      [job['needs'] ?? []].flat().every((n) => String(n) in results),
    );
    if (at < 0) throw new Error(`${options.label}: a needs cycle`);
    const [jobId, job] = pending.splice(at, 1)[0]!;
    const needs = Object.fromEntries(
      [job['needs'] ?? []].flat().map((n) => [String(n), results[String(n)]!]),
    );
    const needsFailed = Object.values(needs).some((n) => n.result === 'failure');
    const contexts = { ...base, needs };
    if (!evaluateCondition(text(job['if']), contexts, needsFailed ? 'failure' : 'success')) {
      results[jobId] = { result: 'skipped', outputs: {} };
      continue;
    }
    const permissions = {
      ...((workflow['permissions'] as Record<string, string>) ?? {}),
      ...((job['permissions'] as Record<string, string>) ?? {}),
    };
    const idToken =
      permissions['id-token'] === 'write' &&
      (callerPermissions ? callerPermissions['id-token'] === 'write' : true);
    let result = 'success';
    let outputs: Record<string, string> = {};
    for (const matrix of matrixOf(job, contexts)) {
      const label = `${options.label}:${jobId}${
        Object.keys(matrix).length
          ? ` (${Object.values(matrix)
              .filter((v) => typeof v === 'string' && !v.startsWith('arn:'))
              .join(', ')})`
          : ''
      }`;
      const jobContexts = { ...contexts, matrix, secrets: options.secrets ?? {} };
      if (typeof job['uses'] === 'string') {
        const callee = REUSABLE.exec(job['uses']);
        if (!callee) {
          problems.push(`${label}: cannot resolve 'uses: ${job['uses']}'`);
          result = 'failure';
          continue;
        }
        const calleeWorkflow = parse(readRepoFile(path.join('workflows', callee[1]!))) as Workflow;
        const given = Object.fromEntries(
          Object.entries((job['with'] as Record<string, unknown>) ?? {}).map(([k, v]) => [
            k,
            typed(v, jobContexts),
          ]),
        );
        const declaredSecrets =
          (calleeWorkflow['on'] as { workflow_call?: { secrets?: Record<string, unknown> } })
            .workflow_call?.secrets ?? {};
        const secrets = Object.fromEntries(
          Object.entries((job['secrets'] as Record<string, string>) ?? {}).map(([k, v]) => [
            k,
            evaluateTemplate(v, jobContexts),
          ]),
        );
        for (const key of Object.keys(secrets))
          if (!(key in declaredSecrets)) problems.push(`${label}: secret '${key}' is not declared`);
        const called = await runEmulatedWorkflow(
          {
            ...options,
            label: `${label} → workflows/${callee[1]}`,
            workflow: calleeWorkflow,
            event: 'workflow_call',
            inputs: given,
            secrets,
          },
          permissions,
        );
        jobs.push(...called.jobs);
        problems.push(...called.problems);
        if (Object.values(called.results).some((r) => r.result === 'failure')) result = 'failure';
        const declaredOutputs =
          (
            calleeWorkflow['on'] as {
              workflow_call?: { outputs?: Record<string, { value: string }> };
            }
          ).workflow_call?.outputs ?? {};
        outputs = Object.fromEntries(
          Object.entries(declaredOutputs).map(([k, v]) => [
            k,
            evaluateTemplate(v.value, { jobs: called.results }),
          ]),
        );
        continue;
      }
      const environmentValue = job['environment'];
      const environment =
        environmentValue === undefined
          ? undefined
          : evaluateTemplate(
              text(
                typeof environmentValue === 'object'
                  ? (environmentValue as { name: string }).name
                  : environmentValue,
              ),
              jobContexts,
            );
      const env = Object.fromEntries(
        Object.entries({
          ...((workflow['env'] as object) ?? {}),
          ...((job['env'] as object) ?? {}),
        }).map(([k, v]) => [k, evaluateTemplate(text(v), jobContexts)]),
      );
      const run = await runEmulatedJob({
        label,
        job,
        contexts: jobContexts,
        env,
        idToken,
        environment,
        world: options.world,
      });
      jobs.push(run);
      problems.push(...run.problems);
      if (run.result === 'failure') result = 'failure';
      outputs = { ...outputs, ...run.outputs };
    }
    results[jobId] = { result, outputs };
  }
  return { jobs, results, problems };
}
