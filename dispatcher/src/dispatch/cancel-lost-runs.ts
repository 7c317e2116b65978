/**
 * The last line of exactly-once: a run GitHub started for an attempt that lost (another replica's
 * attempt was recorded first, or the deployment moved on) is cancelled at once and the
 * cancellation audited, so at most one run per deployment ever reaches Terraform. With the claim's
 * compare-and-set and the request deadlines this should not happen; if it does, it shows.
 */
import { SYSTEM } from '../audit/audit-event.js';
import type { RunRef } from '../executor/executor.js';
import type { Deployment } from '../store/records.js';
import type { DispatchDeps } from './dispatch-deps.js';

/**
 * Cancels every run in `runs` that is not the deployment's recorded run. Reads the deployment
 * afresh: the caller's copy lost a race. A run is only ever recorded by a compare-and-set on the
 * attempt that started it (or by the look-up of a later replica, which prefers runs that were not
 * cancelled), so a lost attempt's run is never the one the deployment follows.
 */
export async function cancelLostRuns(
  id: string,
  runs: readonly RunRef[],
  attempt: number,
  deps: DispatchDeps,
): Promise<void> {
  const current = await deps.store.deployments.getById(id);
  if (!current) return;
  for (const run of runs)
    if (run.runId !== current.runId) await cancelLostRun(current, run, attempt, deps);
}

async function cancelLostRun(
  d: Deployment,
  run: RunRef,
  attempt: number,
  deps: DispatchDeps,
): Promise<void> {
  const outcome = await deps.executor.cancel(run.runId).then(
    () => 'cancelled',
    (error: unknown) => `cancel failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  deps.metrics.dispatchFailures.inc({ kind: 'lost-attempt-run' });
  deps.log.warn(
    { deployment: d.id, runId: run.runId, attempt, kept: d.runId, outcome },
    'a run of a dispatch attempt that lost was found; cancelling it',
  );
  await deps.store.transitions.note(d, {
    ...SYSTEM,
    action: 'deployment.duplicate-run-cancelled',
    data: { runId: run.runId, runUrl: run.runUrl, attempt, kept: d.runId, outcome },
  });
}
