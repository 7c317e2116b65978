/**
 * The dispatch loop's claim, on any open transaction: up to `limit` dispatchable deployments
 * marked `dispatching` (a new attempt, its start recorded) with their audit events. What is
 * dispatchable is defined once, in SQL (`grape_claim`, migration 018): the oldest queued
 * deployment of a (project, environment) with nothing active and no `not_before` in the future;
 * rows another replica holds are skipped (FOR UPDATE SKIP LOCKED), and the
 * one-active-per-environment index refuses a second active row, so two replicas can never both
 * win one. Creation claims its new rows with the same function inside `grape_create_deployments`
 * (insert-deployments.ts), with the events `claimEvent` prepares.
 */
import { appendAuditBatch } from '../audit/audit-log.js';
import type { AuditContext, AuditInput } from '../audit/audit-event.js';
import type { Queryable } from './db.js';
import { toDeployment, type Deployment } from './records.js';

export async function claimDispatchable(
  tx: Queryable,
  now: Date,
  limit: number,
  audit: AuditContext,
): Promise<Deployment[]> {
  const rows = await tx.query('SELECT * FROM grape_claim($1, $2, NULL)', [now, limit]);
  const claimed = rows.map(toDeployment).sort((x, y) => x.seq - y.seq);
  await appendAuditBatch(
    tx,
    claimed.map((deployment) => claimEvent(deployment, audit)),
    now,
  );
  return claimed;
}

/** The audit event of a claim: the deployment's new attempt. */
export const claimEvent = (
  deployment: Pick<Deployment, 'id' | 'tenantId' | 'attempts'>,
  audit: AuditContext,
): AuditInput => ({
  ...audit,
  tenantId: deployment.tenantId,
  action: 'deployment.dispatching',
  objectType: 'deployment',
  objectId: deployment.id,
  data: { status: 'dispatching', attempt: deployment.attempts },
});
