/**
 * What a GitHub run's state means for its deployment. Pure. A plan's outcome is its report (the
 * plan's sha256 and whether it has changes): a plan run that completes before any report arrived
 * has an unknown outcome, which is never `succeeded` — it fails, saying so, and nothing can
 * approve it (approval needs a reported sha256). A report arriving later still applies
 * (run-report/apply-report.ts).
 */
import { NO_PLAN_REPORT, type RunState } from '../executor/executor.js';
import type { DeploymentPatch } from '../store/deployment-transitions.js';
import type { Deployment } from '../store/records.js';

/** The patch that brings `d` in line with `run`, or undefined when nothing changes. */
export function runOutcome(d: Deployment, run: RunState): DeploymentPatch | undefined {
  const ids = d.runId === run.runId ? {} : { runId: run.runId, runUrl: run.runUrl };
  if (run.status !== 'completed') {
    if (d.status === 'dispatching') return { status: 'running', ...ids };
    return Object.keys(ids).length > 0 ? ids : undefined;
  }
  switch (run.conclusion) {
    case 'success':
    case 'neutral':
      if (d.operation === 'plan' && d.planSha256 === null)
        return { status: 'failed', statusReason: NO_PLAN_REPORT, ...ids };
      return d.operation === 'plan' && d.planHasChanges === true
        ? {
            status: 'awaiting-approval',
            statusReason: 'the plan has changes: approve it to apply',
            ...ids,
          }
        : { status: 'succeeded', statusReason: null, ...ids };
    case 'cancelled':
      return { status: 'cancelled', statusReason: 'the workflow run was cancelled', ...ids };
    case 'skipped':
      return { status: 'cancelled', statusReason: 'the workflow run was skipped', ...ids };
    default:
      return {
        status: 'failed',
        statusReason: `the workflow run concluded '${run.conclusion ?? 'unknown'}'`,
        ...ids,
      };
  }
}
