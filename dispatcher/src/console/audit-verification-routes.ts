/**
 * GET /v1/audit/verification: the audit chain's verdict, as `grape audit verify` gives it (links,
 * MACs with the audit key, the anchored head), for the console's audit page. The chain is one for
 * all tenants, so only an unscoped admin may ask; the answer says whether it holds and where it
 * first breaks, never another tenant's events.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { loadAuditEvidence } from '../audit/audit-evidence.js';
import { principalOf, requireRole } from '../auth/principal.js';
import { requireUnscoped } from '../auth/token-scope.js';
import { bearer, described, errorResponses } from '../schemas/common.js';
import { AuditVerification } from '../schemas/console-schemas.js';

export function auditVerificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/v1/audit/verification',
    {
      schema: {
        summary: 'Verify the audit chain (as `grape audit verify` does)',
        operationId: 'verifyAudit',
        tags: ['audit'],
        security: bearer,
        response: { 200: described('The verdict', AuditVerification), ...errorResponses },
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
