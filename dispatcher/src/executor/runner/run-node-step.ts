/**
 * Runs one stage (main or post) of a JavaScript action as actions/runner's
 * Handlers/NodeScriptActionHandler.cs does: `node <ActionDirectory>/<runs.main|runs.post>` in the
 * github.workspace directory, as one step process (run-step-process.ts).
 */
import path from 'node:path';
import type { ActionManifest } from './action-manifest.js';
import {
  runStepProcess,
  type NodeStepResult,
  type StepProcessOptions,
} from './run-step-process.js';

export type { NodeStepResult, StepOutcome, StepProcessOptions } from './run-step-process.js';

export interface NodeStepOptions extends StepProcessOptions {
  readonly manifest: ActionManifest;
  readonly stage: 'main' | 'post';
  /** The node binary (the runner's externals/<using>/bin/node). */
  readonly node: string;
}

export async function runNodeStep(options: NodeStepOptions): Promise<NodeStepResult> {
  const { manifest, stage } = options;
  const target = stage === 'main' ? manifest.main : manifest.post;
  if (target === undefined) throw new Error(`The action in ${manifest.dir} has no runs.post.`);
  return runStepProcess(
    () => ({
      file: options.node,
      args: [path.join(manifest.dir, target)],
      cwd: options.github.workspace,
    }),
    options,
  );
}
