/**
 * Hands a plan summary to the user: step outputs, the job summary, and a one-line log. Large
 * values also go to files under the run's temporary directory (in RUNNER_TEMP, deleted by the
 * post step at the end of the job), whose paths are outputs: a later step reads the file instead
 * of receiving the value through `env:`, where Linux refuses any single string over 131,072
 * bytes (MAX_ARG_STRLEN: the next step would not even start, E2BIG).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionsIO } from '../runner/actions-io.js';
import type { PlanSummary } from './plan-json/plan-summary.js';
import { planSummaryJson, renderPlanMarkdown, renderPlanSummary } from './render-summary.js';

export async function publishPlan(
  io: ActionsIO,
  summary: PlanSummary,
  details: {
    readonly title: string;
    readonly planSha256: string;
    readonly notes: readonly string[];
    /** Where `plan-summary.json` and `plan.md` are written (this run's private directory). */
    readonly filesDir: string;
  },
): Promise<void> {
  const markdown = renderPlanMarkdown(summary, { title: details.title, notes: details.notes });
  const markdownFile = path.join(details.filesDir, 'plan.md');
  const summaryFile = path.join(details.filesDir, 'plan-summary.json');
  // The file holds the whole summary; the output is cut to its budget (`truncated: true`).
  await writeFile(summaryFile, JSON.stringify(summary), { mode: 0o644 });
  await writeFile(markdownFile, markdown, { mode: 0o644 });
  io.setOutput('plan-summary', planSummaryJson(summary));
  io.setOutput('plan-summary-file', summaryFile);
  io.setOutput('plan-markdown', markdown);
  io.setOutput('plan-markdown-file', markdownFile);
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
