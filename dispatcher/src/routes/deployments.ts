/** POST/GET /v1/deployments: create (idempotent), read, list (keyset pages). */
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
import {
  CreateDeploymentBody,
  DeploymentList,
  DeploymentListQuery,
  DeploymentView,
  IdempotencyHeaders,
} from '../schemas/deployment-schemas.js';
import { listDeployments } from '../use-cases/list-deployments.js';
import { requestDeployment } from '../use-cases/request-deployment.js';
import { outcomeOf, visibleDeployment } from '../use-cases/visible-deployment.js';
import { outcomeView } from './deployment-view.js';

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
      const requested = await requestDeployment(
        ctx,
        principalOf(request),
        request.body,
        request.headers['idempotency-key'] ?? null,
        auditContext(request),
      );
      if (!requested.created) void reply.header('idempotent-replayed', 'true');
      return reply
        .code(202)
        .header('location', `/v1/deployments/${requested.deployment.id}`)
        .send(outcomeView(requested));
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
      return outcomeView(await outcomeOf(ctx, d, project));
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
      const page = await listDeployments(ctx, principalOf(request), request.query);
      return { items: page.items.map(outcomeView), next: page.next };
    },
  );
}
