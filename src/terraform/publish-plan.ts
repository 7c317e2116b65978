/** Hands a plan summary to the user: step outputs, the job summary, and a one-line log. */
import type { ActionsIO } from '../runner/actions-io.js';
import type { PlanSummary } from './plan-json/plan-summary.js';
import { planSummaryJson, renderPlanSummary } from './render-summary.js';

export async function publishPlan(
  io: ActionsIO,
  summary: PlanSummary,
  details: {
    readonly title: string;
    readonly planSha256: string;
    readonly notes: readonly string[];
  },
): Promise<void> {
  io.setOutput('plan-summary', planSummaryJson(summary));
  io.setOutput('has-changes', String(summary.hasChanges));
  io.setOutput('add', String(summary.add));
  io.setOutput('change', String(summary.change));
  io.setOutput('destroy', String(summary.destroy));
  io.setOutput('plan-sha256', details.planSha256);
  io.info(
    summary.hasChanges
      ? `Plan: ${summary.counts.import ? `${summary.counts.import} to import, ` : ''}${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy.`
      : 'No changes.',
  );
  await io.appendSummary(
    renderPlanSummary(summary, { title: details.title, notes: details.notes }),
  );
}
