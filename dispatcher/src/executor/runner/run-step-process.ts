/**
 * One step's process as actions/runner runs it, whatever the step (a JavaScript action's stage, a
 * `run:` script): fresh file-command files, read back afterwards (file-commands.ts), the step
 * environment of step-env.ts with their paths in it, output as it arrives, and on cancel the
 * runner's signal timeline (cancel-process.ts). A non-zero exit or a refused file command fails
 * the step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cancelProcess, type CancelTimeline } from './cancel-process.js';
import {
  createFileCommands,
  processFileCommands,
  type FileCommandFiles,
  type FileCommandResults,
} from './file-commands.js';
import { composeStepEnv, type StepEnvParts } from './step-env.js';

export type StepOutcome = 'success' | 'failure' | 'cancelled';

export interface StepProcessOptions extends Omit<StepEnvParts, 'github'> {
  /** The github context; the file-command paths are added to it for this step. */
  readonly github: Readonly<Record<string, unknown>> & { readonly workspace: string };
  /** Where the file-command files are created (the runner's `_runner_file_commands`). */
  readonly fileCommandDir: string;
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

/** What a step runs, told the step's file-command paths (a shell step names its script by them). */
export type StepCommand = (
  files: FileCommandFiles,
) =>
  | { readonly file: string; readonly args: readonly string[]; readonly cwd: string }
  | Promise<{ readonly file: string; readonly args: readonly string[]; readonly cwd: string }>;

/** One step's process, with its file commands, environment, output and cancel. */
export async function runStepProcess(
  command: StepCommand,
  options: StepProcessOptions,
): Promise<NodeStepResult> {
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
  const { file, args, cwd } = await command(files);
  const child = spawn(file, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
