/**
 * Runs one stage (main or post) of a JavaScript action as actions/runner's
 * Handlers/NodeScriptActionHandler.cs does: `node <ActionDirectory>/<runs.main|runs.post>` in the
 * github.workspace directory, the step environment of step-env.ts, fresh file-command files read
 * back afterwards (file-commands.ts), and on cancel the runner's signal timeline
 * (cancel-process.ts). A non-zero exit or a refused file command fails the step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ActionManifest } from './action-manifest.js';
import { cancelProcess, type CancelTimeline } from './cancel-process.js';
import {
  createFileCommands,
  processFileCommands,
  type FileCommandResults,
} from './file-commands.js';
import { composeStepEnv, type StepEnvParts } from './step-env.js';

export type StepOutcome = 'success' | 'failure' | 'cancelled';

export interface NodeStepOptions extends Omit<StepEnvParts, 'github'> {
  readonly manifest: ActionManifest;
  readonly stage: 'main' | 'post';
  /** The github context; the file-command paths are added to it for this step. */
  readonly github: Readonly<Record<string, unknown>> & { readonly workspace: string };
  /** Where the file-command files are created (the runner's `_runner_file_commands`). */
  readonly fileCommandDir: string;
  /** The node binary (the runner's externals/<using>/bin/node). */
  readonly node: string;
  /** Aborting it cancels the step with the runner's SIGINT → SIGTERM → kill timeline. */
  readonly signal?: AbortSignal;
  readonly cancelTimeline?: CancelTimeline;
  readonly onSpawn?: (child: ChildProcess) => void;
  /** stdout and stderr as they arrive (e.g. to a log file). */
  readonly onOutput?: (chunk: Buffer) => void;
  /** A safety net: SIGKILL after this many milliseconds (not part of the runner's contract). */
  readonly killAfterMs?: number;
}

export interface NodeStepResult extends FileCommandResults {
  readonly outcome: StepOutcome;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The signal that finally stopped a cancelled step. */
  readonly cancelledWith: 'SIGINT' | 'SIGTERM' | 'SIGKILL' | undefined;
}

export async function runNodeStep(options: NodeStepOptions): Promise<NodeStepResult> {
  const { manifest, stage } = options;
  const target = stage === 'main' ? manifest.main : manifest.post;
  if (target === undefined) throw new Error(`The action in ${manifest.dir} has no runs.post.`);
  const files = await createFileCommands(options.fileCommandDir);
  const github = {
    ...options.github,
    output: files.GITHUB_OUTPUT,
    env: files.GITHUB_ENV,
    state: files.GITHUB_STATE,
    path: files.GITHUB_PATH,
    step_summary: files.GITHUB_STEP_SUMMARY,
  };
  const env = composeStepEnv({ ...options, github });
  const child = spawn(options.node, [path.join(manifest.dir, target)], {
    cwd: options.github.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onOutput?.(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onOutput?.(chunk);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });
  let cancelling: Promise<'SIGINT' | 'SIGTERM' | 'SIGKILL'> | undefined;
  const onAbort = (): void => {
    cancelling ??= cancelProcess(child, exited, options.cancelTimeline);
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const safety = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 30 * 60_000);
  const exitCode = await exited;
  clearTimeout(safety);
  options.signal?.removeEventListener('abort', onAbort);
  const cancelledWith = cancelling ? await cancelling : undefined;
  const commands = await processFileCommands(files);
  const outcome: StepOutcome = cancelledWith
    ? 'cancelled'
    : exitCode !== 0 || commands.failed
      ? 'failure'
      : 'success';
  return { ...commands, outcome, exitCode, stdout, stderr, cancelledWith };
}
