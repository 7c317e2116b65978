/** POST /v1/deployments/:id/approve and /cancel. */
import type { AppContext } from '../app-context.js';
import { auditContext, principalOf } from '../auth/principal.js';
import type { ApiInstance } from '../http/api-instance.js';
import {
  bearer,
  described,
  errorResponses,
  IdParam,
  problem,
  rateLimited,
} from '../schemas/common.js';
import { CancelBody, DeploymentView, IdempotencyHeaders } from '../schemas/deployment-schemas.js';
import { approveDeployment } from '../use-cases/approve-deployment.js';
import { cancelDeployment } from '../use-cases/cancel-deployment.js';
import { outcomeView } from './deployment-view.js';

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
      const apply = await approveDeployment(
        ctx,
        principalOf(request),
        request.params.id,
        auditContext(request),
      );
      return reply
        .code(202)
        .header('location', `/v1/deployments/${apply.deployment.id}`)
        .send(outcomeView(apply));
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
      const cancelled = await cancelDeployment(
        ctx,
        principalOf(request),
        request.params.id,
        request.body?.reason,
        auditContext(request),
      );
      return reply.code(202).send(outcomeView(cancelled));
    },
  );
}
