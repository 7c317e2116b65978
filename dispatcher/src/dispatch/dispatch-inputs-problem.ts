/**
 * Would GitHub take the `workflow_dispatch` inputs of this deployment? Checked when it is
 * requested, by building and signing the spec its run would get (the same bytes, but for the
 * times in it, which have a fixed width). A plan reserves room for the `plan` block its approved
 * apply will carry, so a plan that fits is never refused at approval.
 */
import { workflowInputs, workflowInputsProblem } from '../executor/workflow-dispatch-inputs.js';
import type { Deployment, Project } from '../store/records.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { signedSpec } from './signed-spec.js';

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
  const jws = await signedSpec(measured, project, deps);
  return workflowInputsProblem(
    workflowInputs(PLACEHOLDER_ID, jws, `${project.name}/${draft.environment}`),
  );
}
