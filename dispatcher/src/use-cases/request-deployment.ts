/**
 * Requesting a deployment: who may, into which environment (a protected one takes a plan and an
 * approval), whether its inputs fit GitHub's workflow_dispatch limit, and idempotency (the same
 * `Idempotency-Key` with the same request gets the same deployment back).
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import type { AuditContext } from '../audit/audit-event.js';
import { canonicalJson } from '../audit/canonical-json.js';
import {
  canSeeProject,
  requireEnvironment,
  requireRole,
  type Principal,
} from '../auth/principal.js';
import { dispatchInputsProblem } from '../dispatch/dispatch-inputs-problem.js';
import { invalid, notFound } from '../http/http-error.js';
import type { CreateDeploymentBody } from '../schemas/deployment-schemas.js';
import { IdempotencyConflict } from '../store/deployments-store.js';
import { requireBudget } from './require-budget.js';
import type { DeploymentOutcome } from './visible-deployment.js';

export interface RequestedDeployment extends DeploymentOutcome {
  /** false: an earlier identical request with the same key created it (a replay). */
  readonly created: boolean;
}

export async function requestDeployment(
  ctx: AppContext,
  p: Principal,
  body: CreateDeploymentBody,
  idempotencyKey: string | null,
  audit: AuditContext,
): Promise<RequestedDeployment> {
  requireRole(p, 'deployer', 'requesting a deployment');
  requireBudget(ctx);
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
        idempotencyKey,
        requestHash: idempotencyKey === null ? null : requestHash,
      },
      audit,
    );
    // Claimed in the creating transaction (claim on create): this replica dispatches it already.
    if (created && deployment.status === 'queued') ctx.wake();
    return { deployment, project, queuePosition, created };
  } catch (error) {
    if (error instanceof IdempotencyConflict)
      throw invalid(
        'Idempotency-Key',
        `was already used for a different request (deployment ${error.existing.id})`,
        'a new key for a new request, or the same body to get the same deployment back',
      );
    throw error;
  }
}
