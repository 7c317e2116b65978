/**
 * Every change of a deployment's state: a conditional UPDATE (only from the states it may leave)
 * and its audit event, in one transaction. The claim picks the oldest queued deployment of a
 * (project, environment) that has nothing active, skipping rows another replica holds.
 */
import { appendAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import { sqlState, UNIQUE_VIOLATION, type Db } from './db.js';
import {
  applyTransition,
  type DeploymentPatch,
  type TransitionAudit,
  type TransitionGuard,
} from './apply-transition.js';
import { approvePlan, type ApprovalRequest } from './approve-plan.js';
import { claimDispatchable } from './claim-dispatchable.js';
import type { CreatedDeployment } from './insert-deployments.js';
import { toDeployment, type Deployment, type DeploymentStatus } from './records.js';
import { RunningTransitions, type RunningTransition } from './running-transitions.js';

export type { DeploymentPatch, TransitionAudit, TransitionGuard } from './apply-transition.js';

export class DeploymentTransitions {
  private readonly running: RunningTransitions;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {
    this.running = new RunningTransitions(db, clock);
  }

  /** `dispatching` → `running` for one attempt, group-committed (running-transitions.ts). */
  markRunning(transition: RunningTransition): Promise<Deployment | undefined> {
    return this.running.markRunning(transition);
  }

  /**
   * Applies `patch` when the deployment is in one of `from`; undefined when it is not (someone
   * else moved it first). Terminal states set `finished_at`.
   */
  async apply(
    id: string,
    from: readonly DeploymentStatus[],
    patch: DeploymentPatch,
    audit: TransitionAudit,
    guard: TransitionGuard = {},
  ): Promise<Deployment | undefined> {
    try {
      return await this.db.transaction((tx) =>
        applyTransition(tx, this.clock(), id, from, patch, audit, guard),
      );
    } catch (error) {
      // The one-active-per-environment index refused: another deployment got there first.
      if (sqlState(error) === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }

  /**
   * Queues the apply of an approved plan and marks the plan `succeeded`, in one transaction: both
   * or neither (approve-plan.ts).
   */
  approve(request: ApprovalRequest): Promise<CreatedDeployment> {
    return approvePlan(this.db, this.clock(), request);
  }

  /** Records an event about a deployment without changing it (a duplicate run cancelled). */
  async note(d: Deployment, audit: TransitionAudit): Promise<void> {
    const { action, data, ...ctx } = audit;
    await this.db.transaction((tx) =>
      appendAudit(
        tx,
        {
          ...ctx,
          tenantId: d.tenantId,
          action,
          objectType: 'deployment',
          objectId: d.id,
          data: { ...data },
        },
        this.clock(),
      ),
    );
  }

  /** Claims the next dispatchable deployment (marks it `dispatching`), or undefined. */
  async claimNext(audit: AuditContext): Promise<Deployment | undefined> {
    return (await this.claimBatch(audit, 1))[0];
  }

  /**
   * Claims up to `limit` dispatchable deployments in one statement (and one append to the audit
   * chain): the oldest queued one of each (project, environment) with nothing active, rows another
   * replica holds skipped. Two rows of one environment can never both qualify.
   */
  async claimBatch(audit: AuditContext, limit: number): Promise<Deployment[]> {
    try {
      return await this.db.transaction((tx) => claimDispatchable(tx, this.clock(), limit, audit));
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) return [];
      throw error;
    }
  }

  /**
   * Deployments the reconciler looks at: `dispatching` ones whose attempt is older than
   * `staleBefore` (a crash, or a run not learned yet) and `running` ones not heard of since
   * `quietBefore` (missed webhooks), stale dispatches first (a deployment waiting for its run
   * matters more than a status refresh).
   */
  async listForReconcile(
    staleBefore: Date,
    quietBefore: Date,
    limit: number,
  ): Promise<Deployment[]> {
    const rows = await this.db.query(
      `SELECT * FROM deployments
       WHERE (status = 'dispatching' AND dispatch_started_at < $1)
          OR (status = 'running' AND updated_at < $2)
       ORDER BY status = 'dispatching' DESC, seq LIMIT $3`,
      [staleBefore, quietBefore, limit],
    );
    return rows.map(toDeployment);
  }

  async queueDepth(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM deployments WHERE status = 'queued'",
    );
    return row?.n ?? 0;
  }
}
