/**
 * GET /v1/audit: the caller's tenant's audit events, newest first; for a token limited to some
 * projects or environments, only the events about objects inside that scope.
 */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import { principalOf, requireRole } from '../auth/principal.js';
import { auditScope, isScoped } from '../auth/token-scope.js';
import { AuditEventList, AuditQuery } from '../schemas/audit-schemas.js';
import { bearer, described, errorResponses, limitOf } from '../schemas/common.js';

export function auditRoutes(app: ApiInstance, ctx: AppContext): void {
  app.get(
    '/v1/audit',
    {
      schema: {
        summary:
          'Audit events of your tenant (hash-chained; `grape audit verify` proves the chain)',
        operationId: 'listAuditEvents',
        tags: ['audit'],
        security: bearer,
        querystring: AuditQuery,
        response: {
          200: described('One page of audit events', AuditEventList),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'reading the audit log');
      const limit = limitOf(request.query.limit);
      // A scoped token reads only the events of its projects, environments and tokens.
      const scope = isScoped(p)
        ? auditScope(
            p,
            await ctx.store.projects.list(p.tenantId),
            await ctx.store.tokens.list(p.tenantId),
          )
        : undefined;
      const items = await ctx.store.audit.list(p.tenantId, {
        beforeSeq: request.query.cursor === undefined ? undefined : Number(request.query.cursor),
        limit,
        scope,
      });
      return { items, next: items.length === limit ? String(items.at(-1)!.seq) : null };
    },
  );
}
