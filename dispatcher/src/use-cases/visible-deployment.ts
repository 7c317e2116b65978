/**
 * The deployment a caller asked for, if the caller may see it: another tenant's, or one outside a
 * scoped token's projects or environments, reads as absent (404), never as forbidden.
 */
import type { AppContext } from '../app-context.js';
import { canSeeProject, type Principal } from '../auth/principal.js';
import { notFound } from '../http/http-error.js';
import type { Deployment, Project } from '../store/records.js';

/** A deployment with its project and, when queued, its place in its queue. */
export interface DeploymentOutcome {
  readonly deployment: Deployment;
  readonly project: Project;
  /** 1 = next to dispatch in its (project, environment); undefined unless queued. */
  readonly queuePosition: number | undefined;
}

export async function visibleDeployment(
  ctx: AppContext,
  p: Principal,
  id: string,
): Promise<{ d: Deployment; project: Project }> {
  const d = await ctx.store.deployments.get(p.tenantId, id);
  const project = d && (await ctx.store.projects.getById(d.projectId));
  if (
    !d ||
    !project ||
    !canSeeProject(p, project) ||
    (p.environments !== null && !p.environments.includes(d.environment))
  )
    throw notFound('deployment', id);
  return { d, project };
}

/** The deployment with its queue position, read now. */
export async function outcomeOf(
  ctx: AppContext,
  deployment: Deployment,
  project: Project,
): Promise<DeploymentOutcome> {
  return {
    deployment,
    project,
    queuePosition: await ctx.store.deployments.queuePosition(deployment),
  };
}
