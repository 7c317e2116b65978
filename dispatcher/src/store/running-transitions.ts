/**
 * `dispatching` → `running` for many deployments in one transaction: what every accepted dispatch
 * does, group-committed (group-commit.ts) so that a burst of dispatches pays for one audit-chain
 * lock and one WAL flush instead of one each (the chain head serialises every append; measured in
 * docs/benchmarks.md, "Dispatch latency"). Each row is still its own compare-and-set on its
 * attempt: a row another replica took over is not written, and its caller learns so (undefined)
 * exactly as from `DeploymentTransitions.apply`.
 */
import { appendAuditBatch } from '../audit/audit-log.js';
import { SYSTEM } from '../audit/audit-event.js';
import { sqlState, UNIQUE_VIOLATION, type Db } from './db.js';
import { toDeployment } from './deployments-store.js';
import { GroupCommit, type Settled } from './group-commit.js';
import type { Deployment } from './records.js';

export interface RunningTransition {
  readonly id: string;
  /** The attempt that dispatched (compare-and-set on `attempts`). */
  readonly attempt: number;
  readonly runId: number;
  readonly runUrl: string | null;
  readonly dispatchedAt: Date;
}

/** One transaction for the whole batch; each item settles with its row, or undefined if not moved. */
export async function applyRunningBatch(
  db: Db,
  now: Date,
  items: readonly RunningTransition[],
): Promise<Settled<Deployment | undefined>[]> {
  const moved = await db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE deployments d SET status = 'running', run_id = v.run_id, run_url = v.run_url,
         dispatched_at = v.dispatched_at, updated_at = $1
       FROM unnest($2::text[], $3::int[], $4::bigint[], $5::text[], $6::timestamptz[])
         AS v(id, attempt, run_id, run_url, dispatched_at)
       WHERE d.id = v.id AND d.status = 'dispatching' AND d.attempts = v.attempt
       RETURNING d.*`,
      [
        now,
        items.map((i) => i.id),
        items.map((i) => i.attempt),
        items.map((i) => i.runId),
        items.map((i) => i.runUrl),
        items.map((i) => i.dispatchedAt),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id as string, toDeployment(row)]));
    // Events in the order the dispatches were accepted, with the data a lone transition records.
    const events = items.flatMap((item) => {
      const d = byId.get(item.id);
      if (!d) return [];
      return [
        {
          ...SYSTEM,
          tenantId: d.tenantId,
          action: 'deployment.running',
          objectType: 'deployment',
          objectId: d.id,
          data: {
            status: d.status,
            ...(d.statusReason ? { reason: d.statusReason } : {}),
            runId: item.runId,
            runUrl: item.runUrl,
          },
        },
      ];
    });
    await appendAuditBatch(tx, events, now);
    return byId;
  });
  return items.map((item) => ({ ok: true, value: moved.get(item.id) }));
}

/** Submits `running` transitions to one group commit (one flush in flight, up to 64 rows). */
export class RunningTransitions {
  private readonly commits: GroupCommit<RunningTransition, Deployment | undefined>;

  constructor(db: Db, clock: () => Date) {
    this.commits = new GroupCommit((items) => applyRunningBatch(db, clock(), items), {
      maxBatch: 64,
      concurrency: 1,
    });
  }

  /**
   * `dispatching` → `running` for this attempt, as `DeploymentTransitions.apply` with the attempt
   * guard would: undefined when the attempt was taken over, or the run is recorded for another
   * deployment (the unique index on run ids).
   */
  async markRunning(transition: RunningTransition): Promise<Deployment | undefined> {
    try {
      return await this.commits.submit(transition);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }
}
