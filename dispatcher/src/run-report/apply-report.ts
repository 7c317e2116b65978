/**
 * Applies a run's report to its deployment: plan facts, facts commit, output names, and the status
 * it leads to; for a drift check (migration 011), whether the plan found drift ('drifted' when it
 * has changes, which also queues the `deployment.drifted` webhook in the same transaction). Shared by the HTTP report route (GitHub runs, OIDC-authenticated) and the local
 * executor (which reads the report from the action's `report` output).
 */
import type { RunReport } from '../../../contract/run-report.js';
import type { DeploymentPatch } from '../store/deployment-transitions.js';
import type { Deployment } from '../store/records.js';
import type { Store } from '../store/store.js';
import { NO_PLAN_REPORT } from '../executor/executor.js';

export async function applyReport(
  store: Store,
  d: Deployment,
  report: RunReport,
  runId: string,
): Promise<Deployment | undefined> {
  const facts: DeploymentPatch = {
    ...(report.plan
      ? {
          planSha256: report.plan.sha256,
          planHasChanges: report.plan.hasChanges,
          planSummary: report.plan.summary,
          ...(report.plan.resources
            ? {
                planResources: report.plan.resources,
                planResourcesOmitted: report.plan.resourcesOmitted ?? 0,
              }
            : {}),
        }
      : {}),
    ...(d.driftCheck && report.status === 'succeeded' && report.plan
      ? { drift: report.plan.hasChanges ? ('drifted' as const) : ('in-sync' as const) }
      : {}),
    ...(report.factsCommit ? { factsCommit: report.factsCommit } : {}),
    ...(report.outputs ? { outputs: report.outputs } : {}),
  };
  const awaiting =
    report.status === 'succeeded' && d.operation === 'plan' && report.plan?.hasChanges === true;
  const patch: DeploymentPatch =
    report.status === 'failed'
      ? { ...facts, status: 'failed', statusReason: report.error ?? 'the run reported a failure' }
      : report.status === 'cancelled'
        ? { ...facts, status: 'cancelled', statusReason: report.error ?? 'the run was cancelled' }
        : awaiting
          ? {
              ...facts,
              status: 'awaiting-approval',
              statusReason: 'the plan has changes: approve it to apply',
            }
          : { ...facts, status: 'succeeded', statusReason: null };
  // A plan's report may come after GitHub said the run completed (run-outcome.ts marks it failed,
  // outcome unknown). Only a first report does this: a replay (plan already recorded) cannot
  // reopen a plan, and no other failure is reopened.
  const late =
    d.operation === 'plan' &&
    d.status === 'failed' &&
    d.statusReason === NO_PLAN_REPORT &&
    d.planSha256 === null;
  const from: Deployment['status'][] = late ? ['failed'] : ['dispatching', 'running'];
  return store.transitions.apply(d.id, from, patch, {
    actor: `run:${runId}`,
    action: 'deployment.reported',
    data: { reported: report.status },
  });
}
