/**
 * The report the action sends the dispatcher at the end of a run: names, counts and hashes only —
 * never output values (the outputs JSON holds sensitive values in clear text).
 */
import { VARIABLE_NAME_PATTERN } from '../../contract/deployment-spec.js';
import { TEXT_PATTERN } from '../../contract/text-pattern.js';
import { MAX_REPORTED_RESOURCES, type RunReport } from '../../contract/run-report.js';
import type { TerraformStepResult } from '../terraform/run-terraform-step.js';

export interface RunResult {
  readonly engine?: TerraformStepResult;
  readonly factsCommit?: string;
}

export function buildReport(
  deploymentId: string,
  result: RunResult,
  failure: string | undefined,
  cancelled = false,
): RunReport {
  const report: { -readonly [K in keyof RunReport]: RunReport[K] } = {
    v: 1,
    deploymentId,
    status: cancelled ? 'cancelled' : failure === undefined ? 'succeeded' : 'failed',
  };
  const engine = result.engine;
  if (engine?.planSha256) {
    const counts = engine.planSummary.counts;
    report.plan = {
      sha256: engine.planSha256,
      hasChanges: engine.planSummary.hasChanges,
      summary: {
        add: engine.planSummary.add,
        change: engine.planSummary.change,
        destroy: engine.planSummary.destroy,
        create: counts.create,
        update: counts.update,
        delete: counts.delete,
        replace: counts.replace,
        import: counts.import,
        move: counts.move,
        forget: counts.forget,
        'no-op': counts.noOp,
      },
      ...reportedResources(engine.planSummary),
    };
  }
  // After an apply, the state's outputs; after a plan, the outputs the plan would produce.
  if (engine) {
    const applied = outputNames(engine.outputsJson);
    report.outputs =
      applied.length > 0
        ? applied
        : [...new Set(engine.planSummary.outputs.map((o) => o.name))]
            .filter((n) => NAME.test(n))
            .sort();
  }
  if (result.factsCommit) report.factsCommit = result.factsCommit;
  if (failure !== undefined) report.error = failure.slice(0, 4000);
  return report;
}

/** Resource addresses as the report contract accepts them (printable, one line). */
const ADDRESS = new RegExp(TEXT_PATTERN, 'u');

/** Output names as the report contract accepts them. */
const NAME = new RegExp(VARIABLE_NAME_PATTERN);

/** Top-level keys of `terraform output -json`, parsed without keeping any value. */
function outputNames(outputsJson: string): string[] {
  try {
    const parsed = JSON.parse(outputsJson, (key, value: unknown) =>
      key === 'value' ? null : value,
    ) as Record<string, unknown>;
    return Object.keys(parsed)
      .filter((name) => NAME.test(name))
      .sort()
      .slice(0, 500);
  } catch {
    return [];
  }
}

/**
 * The changed resources the dispatcher shows (address and action), bounded: the summary's list cut
 * to MAX_REPORTED_RESOURCES, every resource left out counted. An address longer than the contract
 * allows is counted, not cut, so no listed address is ever a truncated one.
 */
function reportedResources(summary: TerraformStepResult['planSummary']): {
  resources: Array<{ address: string; action: string }>;
  resourcesOmitted: number;
} {
  const fits = summary.resources.filter((r) => r.address.length <= 512 && ADDRESS.test(r.address));
  const resources = fits
    .slice(0, MAX_REPORTED_RESOURCES)
    .map((r) => ({ address: r.address, action: r.action }));
  return {
    resources,
    resourcesOmitted: summary.resourcesOmitted + summary.resources.length - resources.length,
  };
}
