/**
 * The core of every deployment state change: a conditional UPDATE (only from the states it may
 * leave) and its audit event, on an open transaction, so a transition can be one part of a larger
 * one (an approval, approve-plan.ts). DeploymentTransitions wraps it in its own transaction.
 */
import type { ReportedResource } from '../../../contract/run-report.js';
import { appendAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import type { Queryable } from './db.js';
import { toDeployment, type Deployment, type DeploymentStatus } from './records.js';

/** Columns a transition may set. */
export interface DeploymentPatch {
  readonly status?: DeploymentStatus;
  readonly statusReason?: string | null;
  readonly runId?: number;
  readonly runUrl?: string | null;
  readonly attempts?: number;
  readonly notBefore?: Date | null;
  readonly dispatchStartedAt?: Date | null;
  readonly dispatchedAt?: Date | null;
  readonly cancelRequestedAt?: Date;
  readonly planSha256?: string;
  readonly planHasChanges?: boolean;
  readonly planSummary?: Record<string, number>;
  readonly drift?: 'in-sync' | 'drifted';
  readonly planResources?: readonly ReportedResource[];
  readonly planResourcesOmitted?: number;
  readonly factsCommit?: string;
  readonly outputs?: readonly string[];
  readonly finishedAt?: Date;
}

const COLUMN: Record<keyof DeploymentPatch, string> = {
  status: 'status',
  statusReason: 'status_reason',
  runId: 'run_id',
  runUrl: 'run_url',
  attempts: 'attempts',
  notBefore: 'not_before',
  dispatchStartedAt: 'dispatch_started_at',
  dispatchedAt: 'dispatched_at',
  cancelRequestedAt: 'cancel_requested_at',
  planSha256: 'plan_sha256',
  planHasChanges: 'plan_has_changes',
  planSummary: 'plan_summary',
  drift: 'drift',
  planResources: 'plan_resources',
  planResourcesOmitted: 'plan_resources_omitted',
  factsCommit: 'facts_commit',
  outputs: 'outputs',
  finishedAt: 'finished_at',
};
const JSON_COLUMNS = new Set(['planSummary', 'planResources', 'outputs']);

export interface TransitionAudit extends AuditContext {
  readonly action: string;
  readonly data?: Record<string, unknown>;
}

/**
 * Extra conditions of a transition. `attempt`: compare-and-set on the dispatch attempt number
 * (`attempts`, bumped by every claim and re-dispatch), so of two replicas acting on the same
 * attempt only the first wins. `staleBefore`: the attempt must have started before this, checked
 * in the same statement that takes it over.
 */
export interface TransitionGuard {
  readonly attempt?: number;
  readonly staleBefore?: Date;
}

/**
 * Applies `patch` when the deployment is in one of `from`; undefined when it is not (someone else
 * moved it first). Terminal states set `finished_at`. Call inside a transaction.
 */
export async function applyTransition(
  tx: Queryable,
  now: Date,
  id: string,
  from: readonly DeploymentStatus[],
  patch: DeploymentPatch,
  audit: TransitionAudit,
  guard: TransitionGuard = {},
): Promise<Deployment | undefined> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [
    keyof DeploymentPatch,
    unknown,
  ][];
  const terminal =
    patch.status === 'succeeded' || patch.status === 'failed' || patch.status === 'cancelled';
  if (terminal && patch.finishedAt === undefined) entries.push(['finishedAt', now]);
  const params: unknown[] = [id, [...from], now];
  const sets = entries.map(([key, value]) => {
    params.push(JSON_COLUMNS.has(key) ? JSON.stringify(value) : value);
    return `${COLUMN[key]} = $${params.length}`;
  });
  const conditions = ['id = $1', 'status = ANY($2::text[])'];
  if (guard.attempt !== undefined) {
    params.push(guard.attempt);
    conditions.push(`attempts = $${params.length}`);
  }
  if (guard.staleBefore !== undefined) {
    params.push(guard.staleBefore);
    conditions.push(`dispatch_started_at < $${params.length}`);
  }
  const [row] = await tx.query(
    `UPDATE deployments SET ${[...sets, 'updated_at = $3'].join(', ')}
     WHERE ${conditions.join(' AND ')} RETURNING *`,
    params,
  );
  if (!row) return undefined;
  const deployment = toDeployment(row);
  const { action, data, ...ctx } = audit;
  await appendAudit(
    tx,
    {
      ...ctx,
      tenantId: deployment.tenantId,
      action,
      objectType: 'deployment',
      objectId: id,
      data: {
        status: deployment.status,
        ...(deployment.statusReason ? { reason: deployment.statusReason } : {}),
        ...data,
      },
    },
    now,
  );
  return deployment;
}
