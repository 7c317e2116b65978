/**
 * A workflow `run:` step as the runner runs it on Linux with the default shell: the script in a
 * file, `bash --noprofile --norc -eo pipefail {0}`, in the working directory, through the one
 * runner emulation's step process (run-node-step.ts: step environment, file commands).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  runStepProcess,
  type NodeStepResult,
  type StepProcessOptions,
} from '../../dispatcher/src/executor/runner/run-step-process.js';

export function runShellStep(
  script: string,
  options: Omit<StepProcessOptions, 'inputs' | 'state'> & { readonly workingDirectory: string },
): Promise<NodeStepResult> {
  return runStepProcess(
    async (files) => {
      const scriptFile = path.join(
        options.fileCommandDir,
        `script-${path.basename(files.GITHUB_OUTPUT)}.sh`,
      );
      await writeFile(scriptFile, script);
      return {
        file: 'bash',
        args: ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile],
        cwd: options.workingDirectory,
      };
    },
    { ...options, inputs: {}, state: {} },
  );
}
