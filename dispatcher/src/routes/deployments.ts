/** POST/GET /v1/deployments: create (idempotent), read, list (keyset pages). */
import { createHash } from 'node:crypto';
import type { ApiInstance } from '../http/api-instance.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { AppContext } from '../app-context.js';
import {
  auditContext,
  canSeeProject,
  principalOf,
  requireEnvironment,
  requireRole,
  type Principal,
} from '../auth/principal.js';
import { HttpError, invalid, notFound } from '../http/http-error.js';
import {
  bearer,
  described,
  errorResponses,
  IdParam,
  limitOf,
  problem,
  rateLimited,
} from '../schemas/common.js';
import {
  CreateDeploymentBody,
  DeploymentList,
  DeploymentListQuery,
  DeploymentView,
  IdempotencyHeaders,
} from '../schemas/deployment-schemas.js';
import { dispatchInputsProblem } from '../dispatch/dispatch-inputs-problem.js';
import { IdempotencyConflict } from '../store/deployments-store.js';
import type { Deployment, Project } from '../store/records.js';
import { deploymentView } from './deployment-view.js';

/** The deployment, if the caller may see it (else 404, whether it exists or not). */
export async function visibleDeployment(
  ctx: AppContext,
  p: Principal,
  id: string,
): Promise<{ d: Deployment; project: Project }> {
  const d = await ctx.store.deployments.get(p.tenantId, id);
  const project = d && (await ctx.store.projects.getById(d.projectId));
  // Outside the token's projects or environments reads as absent, like another tenant's.
  if (
    !d ||
    !project ||
    !canSeeProject(p, project) ||
    (p.environments !== null && !p.environments.includes(d.environment))
  )
    throw notFound('deployment', id);
  return { d, project };
}

export async function viewOf(ctx: AppContext, d: Deployment, project: Project) {
  return deploymentView(d, project, await ctx.store.deployments.queuePosition(d));
}

export function budgetCheck(ctx: AppContext): void {
  const retryAfter = ctx.budget.retryAfterSeconds();
  if (retryAfter > 0)
    throw new HttpError(
      429,
      'rate_limited',
      `GitHub's rate limit for the runner installation is exhausted; retry after ${retryAfter} seconds.`,
      [],
      { 'retry-after': String(retryAfter) },
    );
}

export function deploymentRoutes(app: ApiInstance, ctx: AppContext): void {
  app.post(
    '/v1/deployments',
    {
      schema: {
        summary: 'Request a deployment',
        operationId: 'createDeployment',
        tags: ['deployments'],
        security: bearer,
        body: CreateDeploymentBody,
        headers: IdempotencyHeaders,
        response: {
          202: described(
            'Queued (for a repeated `Idempotency-Key` with the same body: the deployment it created)',
            DeploymentView,
          ),
          ...errorResponses,
          422: problem(
            'Not allowed as asked: a protected environment, or an `Idempotency-Key` used for another request',
          ),
          429: rateLimited,
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'deployer', 'requesting a deployment');
      budgetCheck(ctx);
      const body = request.body;
      const project = await ctx.store.projects.get(p.tenantId, body.project);
      if (!project || !canSeeProject(p, project)) throw notFound('project', body.project);
      requireEnvironment(p, body.environment);
      if (body.operation !== 'plan' && project.protectedEnvironments.includes(body.environment))
        throw invalid(
          'operation',
          `environment '${body.environment}' of project '${project.name}' is protected: '${body.operation}' cannot be requested directly`,
          "operation 'plan', then POST /v1/deployments/{id}/approve to apply exactly that plan",
        );
      const ref = body.ref ?? project.source.ref;
      const variables = body.variables ?? {};
      if (ctx.config.executor.kind === 'github') {
        const problem = await dispatchInputsProblem(
          {
            tenantId: p.tenantId,
            environment: body.environment,
            operation: body.operation,
            ref,
            variables,
          },
          project,
          ctx,
        );
        if (problem)
          throw invalid(
            'variables',
            problem,
            'smaller variables: pass large values as files in the module, or split the deployment',
          );
      }
      const key = request.headers['idempotency-key'] ?? null;
      const requestHash = createHash('sha256')
        .update(
          canonicalJson({
            project: project.id,
            environment: body.environment,
            operation: body.operation,
            ref,
            variables,
          }),
        )
        .digest('hex');
      try {
        const { deployment, created, queuePosition } = await ctx.store.deployments.create(
          {
            tenantId: p.tenantId,
            projectId: project.id,
            environment: body.environment,
            operation: body.operation,
            ref,
            variables,
            idempotencyKey: key,
            requestHash: key === null ? null : requestHash,
          },
          auditContext(request),
        );
        if (created) ctx.wake();
        else void reply.header('idempotent-replayed', 'true');
        return reply
          .code(202)
          .header('location', `/v1/deployments/${deployment.id}`)
          .send(deploymentView(deployment, project, queuePosition));
      } catch (error) {
        if (error instanceof IdempotencyConflict)
          throw invalid(
            'Idempotency-Key',
            `was already used for a different request (deployment ${error.existing.id})`,
            'a new key for a new request, or the same body to get the same deployment back',
          );
        throw error;
      }
    },
  );

  app.get(
    '/v1/deployments/:id',
    {
      schema: {
        summary: 'Read a deployment',
        operationId: 'getDeployment',
        tags: ['deployments'],
        security: bearer,
        params: IdParam,
        response: { 200: described('The deployment', DeploymentView), ...errorResponses },
      },
    },
    async (request) => {
      const { d, project } = await visibleDeployment(ctx, principalOf(request), request.params.id);
      return viewOf(ctx, d, project);
    },
  );

  app.get(
    '/v1/deployments',
    {
      schema: {
        summary: 'List deployments, newest first',
        operationId: 'listDeployments',
        tags: ['deployments'],
        security: bearer,
        querystring: DeploymentListQuery,
        response: {
          200: described('One page of deployments, newest first', DeploymentList),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const projects = (await ctx.store.projects.list(p.tenantId)).filter((pr) =>
        canSeeProject(p, pr),
      );
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
        beforeSeq: q.cursor === undefined ? undefined : Number(q.cursor),
        projectIds: p.projects === null ? null : [...byId.keys()],
        environments: p.environments,
        limit,
      });
      const items = await Promise.all(rows.map((d) => viewOf(ctx, d, byId.get(d.projectId)!)));
      return { items, next: rows.length === limit ? String(rows.at(-1)!.seq) : null };
    },
  );
}
