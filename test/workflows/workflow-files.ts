/** The workflow files this repository ships, and the action metadata file when present. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const workflowDirs = ['workflows', 'workflows/examples', '.github/workflows'];

/** Repository-relative paths of every *.yml / *.yaml workflow. */
export function workflowPaths(): string[] {
  return workflowDirs.flatMap((dir) => {
    const abs = path.join(repoRoot, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => `${dir}/${f}`);
  });
}

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), 'utf8');
}

export type Workflow = Record<string, unknown> & { jobs: Record<string, Job> };
export type Job = Record<string, unknown> & { steps?: Step[] };
export type Step = Record<string, unknown> & {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
};

export function loadWorkflow(relative: string): Workflow {
  return parse(readRepoFile(relative)) as Workflow;
}

/** Every step of every job, with where it is. */
export function stepsOf(workflow: Workflow): { job: string; index: number; step: Step }[] {
  return Object.entries(workflow.jobs ?? {}).flatMap(([job, body]) =>
    (body.steps ?? []).map((step, index) => ({ job, index, step })),
  );
}

/** Finds a step by name; throws with the names available, so a rename fails loudly. */
export function stepNamed(workflow: Workflow, job: string, name: string): Step {
  const steps = workflow.jobs[job]?.steps ?? [];
  const step = steps.find((s) => s.name === name);
  if (!step) {
    throw new Error(
      `no step '${name}' in job '${job}' (have: ${steps.map((s) => s.name).join(', ')})`,
    );
  }
  return step;
}
