/**
 * Runs a JavaScript action as a one-action job on the runner: its inputs materialised from
 * action.yml (materialise-inputs.ts), the main step, then — as actions/runner ActionRunner.cs
 * registers it — the post step under `post-if` (default `always()`, so it runs after a failure or a
 * cancel too) with the main step's GITHUB_STATE pairs as STATE_<name>. The shared entry point of
 * the dispatcher's local executor and the tests (test/harness/action-runner.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { readActionManifest, type ActionManifest } from './action-manifest.js';
import type { CancelTimeline } from './cancel-process.js';
import { evaluateCondition, type ExpressionContexts } from './expressions.js';
import { materialiseInputs } from './materialise-inputs.js';
import { runNodeStep, type NodeStepResult } from './run-node-step.js';

export interface NodeActionOptions {
  /** The directory holding action.yml (or an already-read manifest). */
  readonly action: string | ActionManifest;
  /** The step's `with:` values, already evaluated. */
  readonly with?: Readonly<Record<string, string>>;
  /** github (with `token` and `workspace`), runner (`temp`, `tool_cache`, …), env, vars, …. */
  readonly contexts: ExpressionContexts & {
    readonly github: Readonly<Record<string, unknown>> & { readonly workspace: string };
    readonly runner: Readonly<Record<string, unknown>>;
  };
  readonly hostEnv: Readonly<Record<string, string>>;
  readonly jobEnv?: Readonly<Record<string, string>>;
  readonly actionsEnv?: Readonly<Record<string, string>>;
  readonly fileCommandDir: string;
  readonly node: string;
  /** Whether to run the post step after main (default true). */
  readonly post?: boolean;
  readonly signal?: AbortSignal;
  readonly cancelTimeline?: CancelTimeline;
  readonly onSpawn?: (child: ChildProcess, stage: 'main' | 'post') => void;
  readonly onOutput?: (chunk: Buffer) => void;
  readonly killAfterMs?: number;
}

export interface NodeActionRun {
  readonly main: NodeStepResult;
  /** Undefined when the action has no post step, `post: false`, or post-if was false. */
  readonly post: NodeStepResult | undefined;
  readonly inputs: Readonly<Record<string, string>>;
  /** Runner warnings, e.g. unexpected inputs. */
  readonly warnings: readonly string[];
}

export async function runNodeAction(options: NodeActionOptions): Promise<NodeActionRun> {
  const manifest =
    typeof options.action === 'string' ? await readActionManifest(options.action) : options.action;
  const { inputs, warnings } = materialiseInputs(manifest, options.with ?? {}, options.contexts);
  const common = {
    manifest,
    inputs,
    hostEnv: options.hostEnv,
    jobEnv: options.jobEnv ?? {},
    prependPath: [],
    github: options.contexts.github,
    runner: options.contexts.runner,
    actionsEnv: options.actionsEnv ?? {},
    fileCommandDir: options.fileCommandDir,
    node: options.node,
    ...(options.cancelTimeline ? { cancelTimeline: options.cancelTimeline } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    ...(options.killAfterMs ? { killAfterMs: options.killAfterMs } : {}),
  };
  const main = await runNodeStep({
    ...common,
    stage: 'main',
    state: {},
    ...(options.signal ? { signal: options.signal } : {}),
    onSpawn: (child) => options.onSpawn?.(child, 'main'),
  });
  const runPost =
    options.post !== false &&
    manifest.post !== undefined &&
    evaluateCondition(manifest.postIf, options.contexts, main.outcome);
  // The post step is not cancelled by the cancel that ended main: `always()` runs it after one.
  const post = runPost
    ? await runNodeStep({
        ...common,
        stage: 'post',
        state: main.state,
        // What main wrote to GITHUB_ENV / GITHUB_PATH is the job's environment from then on.
        jobEnv: { ...common.jobEnv, ...main.env },
        prependPath: main.path,
        onSpawn: (child) => options.onSpawn?.(child, 'post'),
      })
    : undefined;
  return { main, post, inputs, warnings };
}
