/**
 * GET /v1/deployments/:id/events: the deployment's history, oldest first, read from the audit log
 * (each transition is appended there in the same transaction as the change, with who and when).
 * Anyone who may see the deployment may read it; another tenant's id, or one outside a scoped
 * token, reads as absent (404). Source addresses and hashes stay in the admins' audit log.
 */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import type { AuditEvent } from '../audit/audit-event.js';
import { principalOf } from '../auth/principal.js';
import { bearer, described, errorResponses, IdParam } from '../schemas/common.js';
import { DeploymentHistory, HISTORY_LIMIT } from '../schemas/deployment-history-schemas.js';
import { visibleDeployment } from '../use-cases/visible-deployment.js';

/** Creating events record no status: the deployment starts queued. */
const CREATED = ['deployment.create', 'deployment.approve'];

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function historyEvent(e: AuditEvent) {
  return {
    seq: e.seq,
    at: e.at,
    action: e.action,
    status: text(e.data['status']) ?? (CREATED.includes(e.action) ? 'queued' : null),
    actor: e.actor,
    reason: text(e.data['reason']),
  };
}

export function deploymentEventRoutes(app: ApiInstance, ctx: AppContext): void {
  app.get(
    '/v1/deployments/:id/events',
    {
      schema: {
        summary: 'The history of a deployment: each status it took, who moved it there and when',
        operationId: 'listDeploymentEvents',
        tags: ['deployments'],
        security: bearer,
        params: IdParam,
        response: {
          200: described("The deployment's events, oldest first", DeploymentHistory),
          ...errorResponses,
        },
      },
    },
    async (request): Promise<DeploymentHistory> => {
      const p = principalOf(request);
      const { d } = await visibleDeployment(ctx, p, request.params.id);
      const events = await ctx.store.audit.history(
        p.tenantId,
        { type: 'deployment', id: d.id },
        HISTORY_LIMIT + 1,
      );
      return {
        deploymentId: d.id,
        items: events.slice(0, HISTORY_LIMIT).map(historyEvent),
        truncated: events.length > HISTORY_LIMIT,
      };
    },
  );
}
