/** Checks the `grape/deploy@v1` steps of a workflow against the action's inputs and outputs. */
import { actionInputs, actionOutputs } from './action-inputs.js';
import type { Workflow } from './workflow-files.js';
import { stepsOf } from './workflow-files.js';

/** Inputs given to grape/deploy that the action does not have. */
export function unknownGrapeInputs(workflow: Workflow): string[] {
  return stepsOf(workflow)
    .filter(({ step }) => step.uses === 'grape/deploy@v1')
    .flatMap(({ job, step }) =>
      Object.keys(step.with ?? {})
        .filter((input) => !actionInputs.has(input))
        .map((input) => `jobs.${job}: ${input}`),
    );
}

/** `steps.<id>.outputs.<name>` references to grape/deploy steps naming an output it lacks. */
export function unknownGrapeOutputs(workflow: Workflow, source: string): string[] {
  const grapeStepIds = new Set(
    stepsOf(workflow)
      .filter(({ step }) => step.uses === 'grape/deploy@v1' && typeof step['id'] === 'string')
      .map(({ step }) => step['id'] as string),
  );
  return [...source.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]
    .filter(([, id, output]) => grapeStepIds.has(id ?? '') && !actionOutputs.has(output ?? ''))
    .map(([reference]) => reference);
}
