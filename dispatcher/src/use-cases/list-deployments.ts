/**
 * Listing deployments, newest first, in keyset pages: only those of projects and environments the
 * caller's token may see; a `project` filter by id or name that the caller cannot see is a 404.
 */
import type { AppContext } from '../app-context.js';
import { canSeeProject, type Principal } from '../auth/principal.js';
import { notFound } from '../http/http-error.js';
import { limitOf } from '../schemas/common.js';
import type { DeploymentListQuery } from '../schemas/deployment-schemas.js';
import { outcomeOf, type DeploymentOutcome } from './visible-deployment.js';

export interface DeploymentPage {
  readonly items: readonly DeploymentOutcome[];
  /** The cursor of the next page, or null on the last one. */
  readonly next: string | null;
}

export async function listDeployments(
  ctx: AppContext,
  p: Principal,
  q: DeploymentListQuery,
): Promise<DeploymentPage> {
  const projects = (await ctx.store.projects.list(p.tenantId)).filter((pr) => canSeeProject(p, pr));
  const byId = new Map(projects.map((pr) => [pr.id, pr]));
  let projectId: string | undefined;
  if (q.project !== undefined) {
    projectId = projects.find((pr) => pr.id === q.project || pr.name === q.project)?.id;
    if (projectId === undefined) throw notFound('project', q.project);
  }
  const limit = limitOf(q.limit);
  const rows = await ctx.store.deployments.list(p.tenantId, {
    projectId,
    environment: q.environment,
    status: q.status,
    drift: q.drift,
    beforeSeq: q.cursor === undefined ? undefined : Number(q.cursor),
    projectIds: p.projects === null ? null : [...byId.keys()],
    environments: p.environments,
    limit,
  });
  const items = await Promise.all(rows.map((d) => outcomeOf(ctx, d, byId.get(d.projectId)!)));
  return { items, next: rows.length === limit ? String(rows.at(-1)!.seq) : null };
}
