/**
 * The dispatch claim, on any open transaction: up to `limit` dispatchable deployments marked
 * `dispatching` (a new attempt, its start recorded) with their audit events. Dispatchable: the
 * oldest queued deployment of a (project, environment) with nothing active and no `not_before` in
 * the future; rows another replica holds are skipped (FOR UPDATE SKIP LOCKED), and the
 * one-active-per-environment index refuses a second active row, so two replicas can never both
 * win one. Used by the dispatch loop's claim and, in the same transaction as the insert, by
 * deployment creation (deployments-store.ts: the replica that takes a request dispatches it at
 * once instead of claiming it in a transaction of its own).
 */
import { appendAuditBatch } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import type { Queryable } from './db.js';
import { toDeployment, type Deployment } from './records.js';

export async function claimDispatchable(
  tx: Queryable,
  now: Date,
  limit: number,
  audit: AuditContext,
): Promise<Deployment[]> {
  const rows = await tx.query(
    `UPDATE deployments SET status = 'dispatching', attempts = attempts + 1,
       dispatch_started_at = $1, updated_at = $1, not_before = NULL
     WHERE id IN (
       SELECT q.id FROM deployments q
       WHERE q.status = 'queued' AND (q.not_before IS NULL OR q.not_before <= $1)
         AND q.seq = (SELECT min(f.seq) FROM deployments f
                      WHERE f.project_id = q.project_id AND f.environment = q.environment
                        AND f.status = 'queued')
         AND NOT EXISTS (SELECT 1 FROM deployments a
                         WHERE a.project_id = q.project_id AND a.environment = q.environment
                           AND a.status IN ('dispatching', 'running'))
       ORDER BY q.seq LIMIT $2
       FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [now, limit],
  );
  const claimed = rows.map(toDeployment).sort((x, y) => x.seq - y.seq);
  await appendAuditBatch(
    tx,
    claimed.map((deployment) => ({
      ...audit,
      tenantId: deployment.tenantId,
      action: 'deployment.dispatching',
      objectType: 'deployment',
      objectId: deployment.id,
      data: { status: 'dispatching', attempt: deployment.attempts },
    })),
    now,
  );
  return claimed;
}
