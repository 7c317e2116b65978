/**
 * What a finished local run reports: the action's own `report` output when it gave one (as a
 * GitHub run posts it), else one made from the run's outcome — the first `::error::` line of its
 * log, the failure, or, for a plan that succeeded without a report, an unknown outcome that is
 * never `succeeded` (run-outcome.ts). Pure.
 */
import type { RunReport } from '../../../contract/run-report.js';
import type { Deployment } from '../store/records.js';
import { NO_PLAN_REPORT } from './executor.js';
import type { NodeActionRun } from './runner/run-node-action.js';

export interface LocalRunResult {
  readonly report: RunReport;
  /** The action failed (or could not run). */
  readonly failed: boolean;
}

export function localRunReport(
  deployment: Deployment,
  result: NodeActionRun | Error,
  log: string,
  cancelled: boolean,
): LocalRunResult {
  const outputs = result instanceof Error ? {} : result.main.outputs;
  const code = result instanceof Error ? null : result.main.exitCode;
  let report: RunReport | undefined;
  try {
    report = outputs['report'] ? (JSON.parse(outputs['report']) as RunReport) : undefined;
  } catch {
    report = undefined;
  }
  const error = /^::error(?: [^:]*)?::(.*)$/m
    .exec(log)?.[1]
    ?.replace(/%0A/g, '\n')
    .replace(/%25/g, '%');
  const failed = result instanceof Error || result.main.outcome !== 'success';
  const unknownPlan = !failed && deployment.operation === 'plan';
  report ??= {
    v: 1,
    deploymentId: deployment.id,
    status: failed || unknownPlan ? 'failed' : 'succeeded',
    ...(failed
      ? {
          error: (
            error ??
            (result instanceof Error
              ? result.message
              : cancelled
                ? 'cancelled'
                : `the action exited with code ${code}`)
          ).slice(0, 4000),
        }
      : unknownPlan
        ? { error: NO_PLAN_REPORT }
        : {}),
  };
  return { report, failed };
}
