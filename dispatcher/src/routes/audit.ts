/**
 * GET /v1/audit: the caller's tenant's audit events, newest first; for a token limited to some
 * projects or environments, only the events about objects inside that scope.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../app-context.js';
import { principalOf, requireRole } from '../auth/principal.js';
import { auditScope, isScoped } from '../auth/token-scope.js';
import {
  bearer,
  Cursor,
  described,
  errorResponses,
  Limit,
  limitOf,
  strict,
} from '../schemas/common.js';

const Query = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) }, strict);
const AuditEventView = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
  prevHash: Type.String(),
});

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/v1/audit',
    {
      schema: {
        summary:
          'Audit events of your tenant (hash-chained; `grape audit verify` proves the chain)',
        operationId: 'listAuditEvents',
        tags: ['audit'],
        security: bearer,
        querystring: Query,
        response: {
          200: described(
            'One page of audit events',
            Type.Object({
              items: Type.Array(AuditEventView),
              next: Type.Union([Type.String(), Type.Null()]),
            }),
          ),
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
