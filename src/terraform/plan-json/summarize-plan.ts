/** One pass over a plan's bytes: the summary, and every resource change shown to extra watchers. */
import {
  DEFAULT_LIMITS,
  PlanSummaryBuilder,
  type PlanSummary,
  type SummaryLimits,
} from './plan-summary.js';
import { scanPlan, type PlanVisitor, type ResourceChangeRecord } from './scan-plan.js';

export interface SummarizeOptions {
  readonly limits?: SummaryLimits;
  /** Also sees every resource change (e.g. the guards), not just the bounded list. */
  readonly watchers?: ReadonlyArray<Pick<PlanVisitor, 'resourceChange'>>;
  /** How the input is named in errors, e.g. 'the output of `terraform show -json`'. */
  readonly origin?: string;
}

export async function summarizePlan(
  source: AsyncIterable<Buffer | string>,
  options: SummarizeOptions = {},
): Promise<PlanSummary> {
  const builder = new PlanSummaryBuilder(options.limits ?? DEFAULT_LIMITS);
  const watchers = options.watchers ?? [];
  const visitor: PlanVisitor = {
    resourceChange: (change: ResourceChangeRecord) => {
      builder.resourceChange(change);
      for (const watcher of watchers) watcher.resourceChange(change);
    },
    drift: (change) => builder.drift(change),
    deferred: () => builder.deferred(),
    outputChange: (change) => builder.outputChange(change),
    actionInvocation: () => builder.actionInvocation(),
  };
  const header = await scanPlan(source, visitor, options.origin);
  return builder.build(header);
}
