/**
 * Runs the bundled action (`node dist/index.js`, then `node dist/post.js`) the way the GitHub
 * Actions runner does: inputs as `INPUT_<NAME>` variables, the file commands GITHUB_OUTPUT /
 * GITHUB_ENV / GITHUB_STATE / GITHUB_STEP_SUMMARY, and the OIDC request variables. Parses what
 * the action wrote back so tests can assert the observable contract.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunnerFile } from '../../dispatcher/src/executor/runner-env.js';

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
  /** Called with the child once spawned (e.g. to send signals). */
  readonly onSpawn?: (child: ReturnType<typeof spawn>) => void;
}

/** The environment the runner gives every step: only what a step really gets, nothing of ours. */
function baseEnv(): Record<string, string> {
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

export async function runAction(options: RunOptions = {}): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-runner-'));
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_PATH: path.join(dir, 'path'),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const env: Record<string, string> = {
    ...baseEnv(),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: dir,
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    GITHUB_WORKSPACE: options.cwd ?? dir,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_REPOSITORY: 'acme/grape-runner',
    GITHUB_RUN_ID: '9000000001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...files,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;

  const entry = path.join(
    options.distDir ?? path.join(repoRoot, 'dist'),
    options.entry ?? 'index.js',
  );
  const child = spawn(actionNode(), [entry], {
    env,
    cwd: options.cwd ?? dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
  const exitCode = await new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  clearTimeout(timer);

  const read = (file: string): Promise<string> => readFile(file, 'utf8');
  const [outputText, envText, stateText, summary] = await Promise.all([
    read(files.GITHUB_OUTPUT),
    read(files.GITHUB_ENV),
    read(files.GITHUB_STATE),
    read(files.GITHUB_STEP_SUMMARY),
  ]);
  await rm(dir, { recursive: true, force: true });
  const masks = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!);
  const errors = [...stdout.matchAll(/^::error(?: [^:]*)?::(.*)$/gm)].map((m) =>
    m[1]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
  );
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseRunnerFile(outputText),
    exportedEnv: parseRunnerFile(envText),
    state: parseRunnerFile(stateText),
    summary,
    masks,
    errors,
    everything: [stdout, stderr, outputText, envText, summary].join('\n'),
  };
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
export const RUNNER_CANCEL = { sigtermAt: 7_500, killAt: 10_000 } as const;

export interface CancelTimeline {
  /** Signals sent, with ms after the SIGINT. */
  readonly sent: Array<{ readonly signal: NodeJS.Signals; readonly at: number }>;
  /** ms after the SIGINT, from performance.now(). */
  elapsed(): number;
}

/**
 * Cancels a step the way the runner does: SIGINT, then SIGTERM after 7.5 s and SIGKILL after
 * 2.5 s more, each only if the process is still running — and to the node process only, never
 * its process group (the engine, in its own group, is not signalled).
 */
export function cancelAsRunner(child: ReturnType<typeof spawn>): CancelTimeline {
  const start = performance.now();
  const sent: CancelTimeline['sent'] = [];
  const send = (signal: NodeJS.Signals): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    sent.push({ signal, at: Math.round(performance.now() - start) });
    child.kill(signal);
  };
  send('SIGINT');
  const timers = [
    setTimeout(() => send('SIGTERM'), RUNNER_CANCEL.sigtermAt),
    setTimeout(() => send('SIGKILL'), RUNNER_CANCEL.killAt),
  ];
  child.once('exit', () => timers.forEach(clearTimeout));
  return { sent, elapsed: () => performance.now() - start };
}
