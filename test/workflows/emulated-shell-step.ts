/**
 * A workflow `run:` step as the runner runs it on Linux with the default shell: the script in a
 * file, `bash --noprofile --norc -eo pipefail {0}`, in the working directory, with the step
 * environment and file commands of the one runner emulation (step-env.ts, file-commands.ts).
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createFileCommands,
  processFileCommands,
} from '../../dispatcher/src/executor/runner/file-commands.js';
import {
  composeStepEnv,
  type StepEnvParts,
} from '../../dispatcher/src/executor/runner/step-env.js';
import type { NodeStepResult } from '../../dispatcher/src/executor/runner/run-node-step.js';

export async function runShellStep(
  script: string,
  options: Omit<StepEnvParts, 'inputs' | 'state' | 'github'> & {
    readonly github: Readonly<Record<string, unknown>> & { readonly workspace: string };
    readonly fileCommandDir: string;
    readonly workingDirectory: string;
  },
): Promise<NodeStepResult> {
  const files = await createFileCommands(options.fileCommandDir);
  const scriptFile = path.join(
    options.fileCommandDir,
    `script-${path.basename(files.GITHUB_OUTPUT)}.sh`,
  );
  await writeFile(scriptFile, script);
  const github = {
    ...options.github,
    output: files.GITHUB_OUTPUT,
    env: files.GITHUB_ENV,
    state: files.GITHUB_STATE,
    path: files.GITHUB_PATH,
    step_summary: files.GITHUB_STEP_SUMMARY,
  };
  const env = composeStepEnv({ ...options, github, inputs: {}, state: {} });
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
    cwd: options.workingDirectory,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', resolve);
  });
  const commands = await processFileCommands(files);
  const outcome = exitCode !== 0 || commands.failed ? 'failure' : 'success';
  return { ...commands, outcome, exitCode, stdout, stderr, cancelledWith: undefined };
}
