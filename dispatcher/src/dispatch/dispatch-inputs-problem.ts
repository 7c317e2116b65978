/**
 * Would GitHub take the `workflow_dispatch` inputs of this deployment? Checked when it is
 * requested, on the spec its run would get. Almost every request is far below the limit: a bound
 * on the signed length (no signature) settles it. Near the limit the spec is signed and measured
 * exactly (the same bytes as the run's, but for the times in it, which have a fixed width). A plan
 * reserves room for the `plan` block its approved apply will carry, so a plan that fits is never
 * refused at approval.
 */
import {
  MAX_WORKFLOW_INPUTS_CHARACTERS,
  inputsPayloadLength,
  workflowInputs,
  workflowInputsProblem,
} from '../executor/workflow-dispatch-inputs.js';
import type { Deployment, Project } from '../store/records.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { runnerEnvironmentFor } from './runner-environment.js';
import { signedSpecLengthBound, signSpecFor, specFor } from './signed-spec.js';

/** Ids have a fixed width (`dep_` + 20 hex digits): a placeholder measures like the real one. */
const PLACEHOLDER_ID = `dep_${'0'.repeat(20)}`;

export type DeploymentDraft = Pick<
  Deployment,
  'tenantId' | 'environment' | 'operation' | 'ref' | 'variables'
>;

export async function dispatchInputsProblem(
  draft: DeploymentDraft,
  project: Project,
  deps: Pick<DispatchDeps, 'specKey' | 'config' | 'clock'>,
): Promise<string | undefined> {
  const measured = {
    ...draft,
    id: PLACEHOLDER_ID,
    // The apply of an approved plan carries `plan: {deploymentId, sha256}`: measure with it.
    approves: PLACEHOLDER_ID,
    planSha256: '0'.repeat(64),
  };
  const spec = specFor(measured, project, deps);
  const group = `${project.name}/${draft.environment}`;
  const environment = runnerEnvironmentFor(draft.tenantId, deps.config);
  const bound = inputsPayloadLength(
    workflowInputs(PLACEHOLDER_ID, 'x'.repeat(signedSpecLengthBound(spec)), group, environment),
  );
  if (bound <= MAX_WORKFLOW_INPUTS_CHARACTERS) return undefined;
  return workflowInputsProblem(
    workflowInputs(PLACEHOLDER_ID, await signSpecFor(spec, deps), group, environment),
  );
}
