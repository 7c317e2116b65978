/**
 * Cancelling a deployment: a queued one (or a plan awaiting approval) is cancelled at once; a
 * dispatching or running one is marked cancel-requested and its run is cancelled — it ends as
 * `cancelled` through its webhook (or the reconciler), not on our word. A finished one: 409.
 */
import type { AppContext } from '../app-context.js';
import type { AuditContext } from '../audit/audit-event.js';
import { requireEnvironment, requireRole, type Principal } from '../auth/principal.js';
import { conflict } from '../http/http-error.js';
import type { Deployment } from '../store/records.js';
import { outcomeOf, visibleDeployment, type DeploymentOutcome } from './visible-deployment.js';

export async function cancelDeployment(
  ctx: AppContext,
  p: Principal,
  id: string,
  reason: string | undefined,
  audit: AuditContext,
): Promise<DeploymentOutcome> {
  requireRole(p, 'deployer', 'cancelling a deployment');
  const { d, project } = await visibleDeployment(ctx, p, id);
  requireEnvironment(p, d.environment);
  const transitionAudit = {
    ...audit,
    action: 'deployment.cancel',
    data: { reason: reason ?? null },
  };
  const now = ctx.clock();
  let after: Deployment | undefined;
  if (d.status === 'queued' || d.status === 'awaiting-approval')
    after = await ctx.store.transitions.apply(
      d.id,
      [d.status],
      { status: 'cancelled', statusReason: reason ?? `cancelled by ${p.id}` },
      transitionAudit,
    );
  else if (d.status === 'dispatching' || d.status === 'running') {
    after = await ctx.store.transitions.apply(
      d.id,
      [d.status],
      { cancelRequestedAt: now, statusReason: `cancel requested by ${p.id}` },
      transitionAudit,
    );
    if (after?.runId) await ctx.executor.cancel(after.runId);
  }
  if (!after) throw conflict(`Deployment ${d.id} is '${d.status}' and cannot be cancelled.`);
  return outcomeOf(ctx, after, project);
}
