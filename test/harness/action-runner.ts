/**
 * Runs the bundled action's main step (`dist/index.js`) or its post step (`dist/post.js`) through
 * the one runner emulation (dispatcher/src/executor/runner/, shared with the local executor):
 * every action.yml input materialised with its default, the github/runner context env, the
 * ACTIONS_* variables, the runner's file commands. Parses what the action wrote back so tests can
 * assert the observable contract. Kept as the tests' thin entry point (one stage per call, state
 * handed over by the test); runNodeAction in the emulation runs main then post as the runner does.
 */
import type { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CANCEL_TIMELINE,
  cancelProcess,
} from '../../dispatcher/src/executor/runner/cancel-process.js';
import { readActionManifest } from '../../dispatcher/src/executor/runner/action-manifest.js';
import { splitStepEnv } from '../../dispatcher/src/executor/runner/split-step-env.js';
import { runNodeStep } from '../../dispatcher/src/executor/runner/run-node-step.js';
import { materialiseInputs } from '../../dispatcher/src/executor/runner/materialise-inputs.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ActionRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly exportedEnv: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
  /** Values registered with `::add-mask::`, in order. */
  readonly masks: string[];
  /** `::error::` messages. */
  readonly errors: string[];
  /** What the runner refused of the file commands (each fails the step on a real runner). */
  readonly fileCommandErrors: readonly string[];
  /** Everything the step made visible: stdout, stderr, outputs, env file, summary. */
  readonly everything: string;
}

export interface RunOptions {
  readonly inputs?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly entry?: 'index.js' | 'post.js';
  /** Saved state to hand to the post step (from a previous run's `state`). */
  readonly state?: Record<string, string>;
  readonly cwd?: string;
  readonly distDir?: string;
  /** Kills the process after this many milliseconds (a test safety net, not an assertion). */
  readonly killAfterMs?: number;
  /** The node that runs the action (default actionNode(); runner-user.ts starts it as `runner`). */
  readonly node?: string;
  /** Called with the child once spawned (e.g. to send signals). */
  readonly onSpawn?: (child: ReturnType<typeof spawn>) => void;
}

/** The runner process's own environment that steps inherit: only what a step really gets. */
function hostEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT'];
  const env: Record<string, string> = {};
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  return env;
}

/**
 * The node binary that runs the action: Node 24 (the runtime action.yml names) when .ci/run
 * installed it and exported GRAPE_ACTION_NODE, else the node running the tests.
 */
export function actionNode(): string {
  return process.env['GRAPE_ACTION_NODE'] || process.execPath;
}

/** The workflow token the emulated runner's github context holds (a real runner always has one). */
export const EMULATED_GITHUB_TOKEN = 'ghs_emulatedWorkflowToken0000000000000000';

export async function runAction(options: RunOptions = {}): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-runner-'));
  try {
    const distDir = options.distDir ?? path.join(repoRoot, 'dist');
    const manifest = {
      ...(await readActionManifest(repoRoot)),
      dir: distDir,
      main: 'index.js',
      post: 'post.js',
    };
    const workspace = options.cwd ?? dir;
    // Tests give GITHUB_* / RUNNER_* / ACTIONS_* as env: each goes where the runner keeps it.
    const split = splitStepEnv({
      AWS_EC2_METADATA_DISABLED: 'true',
      ...options.env,
    });
    const github = {
      token: EMULATED_GITHUB_TOKEN,
      workspace,
      server_url: 'https://github.com',
      api_url: 'https://api.github.com',
      graphql_url: 'https://api.github.com/graphql',
      repository: 'acme/grape-runner',
      repository_owner: 'acme',
      run_id: '9000000001',
      run_number: '1',
      run_attempt: '1',
      actor: 'octocat',
      triggering_actor: 'octocat',
      sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      ref_name: 'main',
      ref_type: 'branch',
      event_name: 'workflow_dispatch',
      workflow: 'grape',
      job: 'deploy',
      action: '__grape_deploy',
      ...split.github,
    };
    const runner = {
      os: 'Linux',
      arch: 'X64',
      name: 'emulated-runner',
      environment: 'self-hosted',
      temp: path.join(dir, 'temp'),
      tool_cache: path.join(dir, 'tool-cache'),
      ...split.runner,
    };
    await mkdir(String(runner.temp), { recursive: true });
    const contexts = { github, runner, env: split.jobEnv };
    const { inputs } = materialiseInputs(manifest, options.inputs ?? {}, contexts);
    const step = await runNodeStep({
      manifest,
      stage: options.entry === 'post.js' ? 'post' : 'main',
      inputs,
      state: options.state ?? {},
      hostEnv: hostEnv(),
      jobEnv: split.jobEnv,
      prependPath: [],
      github,
      runner,
      actionsEnv: split.actionsEnv,
      fileCommandDir: dir,
      node: options.node ?? actionNode(),
      killAfterMs: options.killAfterMs ?? 120_000,
      ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    });
    const { stdout, stderr } = step;
    const masks = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!);
    const errors = [...stdout.matchAll(/^::error(?: [^:]*)?::(.*)$/gm)].map((m) =>
      m[1]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
    );
    const summary = step.summary ?? '';
    const outputText = Object.entries(step.outputs)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    const envText = Object.entries(step.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    return {
      exitCode: step.exitCode,
      stdout,
      stderr,
      outputs: step.outputs,
      exportedEnv: step.env,
      state: step.state,
      summary,
      masks,
      errors,
      fileCommandErrors: step.errors,
      everything: [stdout, stderr, outputText, envText, summary].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Asserts-by-returning: the secrets that appear anywhere visible other than in their own
 * `::add-mask::` line, or that appear on stdout before being masked.
 */
export function leakedSecrets(run: ActionRun, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    const maskLine = `::add-mask::${secret}`;
    const maskAt = run.stdout.indexOf(maskLine);
    const withoutMasks = run.stdout.split(maskLine).join('');
    const firstUse = withoutMasks.indexOf(secret);
    const elsewhere = [
      run.stderr,
      run.summary,
      ...Object.values(run.outputs),
      ...Object.values(run.state),
    ].some((text) => text.includes(secret));
    if (firstUse !== -1 || elsewhere || (maskAt === -1 && run.everything.includes(secret)))
      leaks.push(secret);
  }
  return leaks;
}

/** The runner's cancel timeline, in ms after its SIGINT (actions/runner src/Runner.Sdk/ProcessInvoker.cs). */
/** The runner's cancel budget, ms after the SIGINT (runner/cancel-process.ts). */
export const RUNNER_CANCEL = {
  sigtermAt: CANCEL_TIMELINE.sigintMs,
  killAt: CANCEL_TIMELINE.sigintMs + CANCEL_TIMELINE.sigtermMs,
} as const;

export interface CancelTimeline {
  /** Signals sent, with ms after the SIGINT. */
  readonly sent: Array<{ readonly signal: NodeJS.Signals; readonly at: number }>;
  /** ms after the SIGINT, from performance.now(). */
  elapsed(): number;
}

/**
 * Cancels a step the way the runner does, with the emulation's own cancel (runner/cancel-process.ts:
 * SIGINT, SIGTERM after 7.5 s, kill after 2.5 s more, to the node process only), recording when
 * each signal went.
 */
export function cancelAsRunner(child: ReturnType<typeof spawn>): CancelTimeline {
  const start = performance.now();
  const sent: CancelTimeline['sent'] = [];
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void cancelProcess(child, exited, CANCEL_TIMELINE, (signal) =>
    sent.push({ signal, at: Math.round(performance.now() - start) }),
  );
  return { sent, elapsed: () => performance.now() - start };
}
