/** POST /v1/deployments/:id/approve and /cancel. */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import { auditContext, principalOf, requireEnvironment, requireRole } from '../auth/principal.js';
import { conflict } from '../http/http-error.js';
import {
  bearer,
  described,
  errorResponses,
  IdParam,
  problem,
  rateLimited,
} from '../schemas/common.js';
import { CancelBody, DeploymentView, IdempotencyHeaders } from '../schemas/deployment-schemas.js';
import { sqlState, UNIQUE_VIOLATION } from '../store/db.js';
import { deploymentView } from './deployment-view.js';
import { budgetCheck, viewOf, visibleDeployment } from './deployments.js';

export function deploymentActionRoutes(app: ApiInstance, ctx: AppContext): void {
  app.post(
    '/v1/deployments/:id/approve',
    {
      schema: {
        summary: 'Apply exactly the plan this deployment produced (pinned by its sha256)',
        operationId: 'approveDeployment',
        tags: ['deployments'],
        security: bearer,
        params: IdParam,
        headers: IdempotencyHeaders,
        response: {
          202: described('The apply of the approved plan, queued', DeploymentView),
          ...errorResponses,
          409: problem('Not a plan awaiting approval, or its plan was already approved'),
          429: rateLimited,
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { d: plan, project } = await visibleDeployment(ctx, p, request.params.id);
      const isProtected = project.protectedEnvironments.includes(plan.environment);
      requireRole(
        p,
        isProtected ? 'admin' : 'deployer',
        `approving a plan for ${isProtected ? 'protected ' : ''}environment '${plan.environment}'`,
      );
      requireEnvironment(p, plan.environment);
      if (
        plan.operation !== 'plan' ||
        plan.status !== 'awaiting-approval' ||
        plan.planSha256 === null
      )
        throw conflict(
          `Deployment ${plan.id} is a${plan.operation === 'apply' ? 'n' : ''} '${plan.operation}' in status '${plan.status}': only a plan awaiting approval (with a reported plan sha256) can be approved.`,
        );
      budgetCheck(ctx);
      let created;
      try {
        created = await ctx.store.deployments.create(
          {
            tenantId: p.tenantId,
            projectId: plan.projectId,
            environment: plan.environment,
            operation: 'apply',
            ref: plan.ref,
            variables: plan.variables,
            idempotencyKey: null,
            requestHash: null,
            approves: { id: plan.id, planSha256: plan.planSha256 },
          },
          auditContext(request),
        );
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION)
          throw conflict(`The plan of ${plan.id} was already approved.`);
        throw error;
      }
      await ctx.store.transitions.apply(
        plan.id,
        ['awaiting-approval'],
        { status: 'succeeded', statusReason: `approved; applied by ${created.deployment.id}` },
        {
          ...auditContext(request),
          action: 'deployment.approved',
          data: { apply: created.deployment.id },
        },
      );
      ctx.wake();
      return reply
        .code(202)
        .header('location', `/v1/deployments/${created.deployment.id}`)
        .send(deploymentView(created.deployment, project, created.queuePosition));
    },
  );

  app.post(
    '/v1/deployments/:id/cancel',
    {
      schema: {
        summary: 'Cancel a deployment (queued: at once; running: cancels its run)',
        operationId: 'cancelDeployment',
        tags: ['deployments'],
        security: bearer,
        params: IdParam,
        body: CancelBody,
        response: {
          202: described('The deployment, cancelled or being cancelled', DeploymentView),
          ...errorResponses,
          409: problem('The deployment has already finished'),
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'deployer', 'cancelling a deployment');
      const { d, project } = await visibleDeployment(ctx, p, request.params.id);
      requireEnvironment(p, d.environment);
      const audit = {
        ...auditContext(request),
        action: 'deployment.cancel',
        data: { reason: request.body?.reason ?? null },
      };
      const now = ctx.clock();
      let after;
      if (d.status === 'queued' || d.status === 'awaiting-approval')
        after = await ctx.store.transitions.apply(
          d.id,
          [d.status],
          { status: 'cancelled', statusReason: request.body?.reason ?? `cancelled by ${p.id}` },
          audit,
        );
      else if (d.status === 'dispatching' || d.status === 'running') {
        after = await ctx.store.transitions.apply(
          d.id,
          [d.status],
          { cancelRequestedAt: now, statusReason: `cancel requested by ${p.id}` },
          audit,
        );
        // The run ends as `cancelled` through its webhook (or the reconciler), not on our word.
        if (after?.runId) await ctx.executor.cancel(after.runId);
      }
      if (!after) throw conflict(`Deployment ${d.id} is '${d.status}' and cannot be cancelled.`);
      return reply.code(202).send(await viewOf(ctx, after, project));
    },
  );
}
