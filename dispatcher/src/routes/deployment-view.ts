/** A deployment as the API shows it. */
import type { DeploymentView } from '../schemas/deployment-schemas.js';
import { TERMINAL, type Deployment, type Project } from '../store/records.js';

export function deploymentView(
  d: Deployment,
  project: Pick<Project, 'id' | 'name'>,
  queuePosition: number | undefined,
): DeploymentView {
  const self = `/v1/deployments/${d.id}`;
  const links: Record<string, string> = { self, project: `/v1/projects/${d.projectId}` };
  if (d.status === 'awaiting-approval') links['approve'] = `${self}/approve`;
  if (!TERMINAL.includes(d.status)) links['cancel'] = `${self}/cancel`;
  if (d.runUrl) links['run'] = d.runUrl;
  return {
    id: d.id,
    project: { id: project.id, name: project.name },
    environment: d.environment,
    operation: d.operation,
    status: d.status,
    statusReason: d.statusReason,
    queuePosition: queuePosition ?? null,
    ref: d.ref,
    variables: d.variables,
    requestedBy: d.requestedBy,
    approves: d.approves,
    plan: d.planSha256
      ? {
          sha256: d.planSha256,
          hasChanges: d.planHasChanges,
          summary: d.planSummary,
          resources: d.planResources,
          resourcesOmitted: d.planResourcesOmitted,
        }
      : null,
    driftCheck: d.driftCheck,
    drift: d.drift,
    run: d.runId !== null ? { id: d.runId, url: d.runUrl } : null,
    factsCommit: d.factsCommit,
    outputs: d.outputs,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
    links,
  };
}

/** The view of a use case's outcome (use-cases/visible-deployment.ts). */
export const outcomeView = (o: {
  readonly deployment: Deployment;
  readonly project: Pick<Project, 'id' | 'name'>;
  readonly queuePosition: number | undefined;
}): DeploymentView => deploymentView(o.deployment, o.project, o.queuePosition);
