/**
 * GET /v1/audit/verification: the audit chain's verdict, as `grape audit verify` gives it (links,
 * MACs with the audit key, the anchored head), for the console's audit page. The chain is one for
 * all tenants, so only an unscoped admin may ask; the answer says whether it holds and where it
 * first breaks, never another tenant's events.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { loadAuditEvidence } from '../audit/audit-evidence.js';
import { principalOf, requireRole } from '../auth/principal.js';
import { requireUnscoped } from '../auth/token-scope.js';
import { bearer, described, errorResponses } from '../schemas/common.js';

const Verification = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer(),
  lastSeq: Type.Optional(Type.Integer()),
  keyed: Type.Boolean({ description: 'MACs were checked with the audit key' }),
  anchored: Type.Boolean({ description: 'The head matched the anchor kept outside the database' }),
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
  warnings: Type.Array(Type.String()),
});

export function auditVerificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/v1/audit/verification',
    {
      schema: {
        summary: 'Verify the audit chain (as `grape audit verify` does)',
        operationId: 'verifyAudit',
        tags: ['audit'],
        security: bearer,
        response: { 200: described('The verdict', Verification), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'verifying the audit log');
      requireUnscoped(p, 'verifying the audit log');
      const { key, anchor } = await loadAuditEvidence({
        keyFromEnv: ctx.config.auditKey,
        anchorFile: undefined,
        dataDir: ctx.config.dataDir,
      });
      const v = await ctx.store.audit.verify({ key, anchor });
      return v.ok
        ? {
            ok: true,
            events: v.events,
            lastSeq: v.lastSeq,
            keyed: v.keyed !== undefined,
            anchored: v.anchor !== undefined,
            warnings: [...v.warnings],
          }
        : {
            ok: false,
            events: v.events,
            keyed: key !== undefined,
            anchored: anchor !== undefined,
            brokenAt: v.brokenAt,
            reason: v.reason,
            warnings: [],
          };
    },
  );
}
