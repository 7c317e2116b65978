/**
 * The plan summary for people (job summary and PR-comment / issue markdown) and for machines
 * (the `plan-summary` output). All are bounded: GitHub refuses a step summary over 1 MiB, a
 * comment or issue body over 65,536 characters, and step outputs share a 1 MiB budget, so long
 * lists are cut with a note saying how much is missing.
 */
import type { PlanSummary, ResourceLine } from './plan-json/plan-summary.js';

/** Our share of the step summary (other steps append theirs). */
export const SUMMARY_BUDGET = 768 * 1024;
/**
 * The `plan-markdown` output's budget, in UTF-8 bytes (never fewer than characters): under GitHub's
 * 65,536-character limit for a comment or issue body, with room for the workflow's own heading
 * and links around it.
 */
export const COMMENT_BUDGET = 60_000;
const COMMENT_LIMIT = "GitHub's 65,536-character comment limit";
const SUMMARY_LIMIT = "GitHub's 1 MiB job-summary limit";
/** The `plan-summary` output's budget. */
export const OUTPUT_BUDGET = 128 * 1024;

const esc = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, ' ');

const SYMBOL: Record<string, string> = {
  create: '+ create',
  update: '~ update',
  delete: '- delete',
  replace: '-/+ replace',
  read: '<= read',
  'no-op': '· no-op',
  forget: '⊘ forget',
  'create-forget': '+/⊘ create, forget old',
  unknown: '? unknown',
};

function resourceRow(r: ResourceLine): string {
  const notes = [
    r.previousAddress ? `moved from <code>${esc(r.previousAddress)}</code>` : '',
    r.importing ? 'import' : '',
    r.deposed ? `deposed object ${esc(r.deposed)}` : '',
    r.reason ? esc(r.reason) : '',
  ].filter(Boolean);
  return `| <code>${esc(r.address)}</code> | ${SYMBOL[r.action] ?? r.action} | ${notes.join('; ')} |`;
}

export interface RenderOptions {
  readonly title: string;
  /** Lines shown above the table (e.g. a guard refusal). */
  readonly notes?: readonly string[];
  readonly budget?: number;
  /** The limit named in the truncation note. */
  readonly limit?: string;
}

/** The markdown for a pull-request comment or an issue: the job summary's, within COMMENT_BUDGET. */
export function renderPlanMarkdown(s: PlanSummary, options: RenderOptions): string {
  return renderPlanSummary(s, { budget: COMMENT_BUDGET, limit: COMMENT_LIMIT, ...options });
}

export function renderPlanSummary(s: PlanSummary, options: RenderOptions): string {
  const budget = options.budget ?? SUMMARY_BUDGET;
  const c = s.counts;
  const head = [
    `### ${esc(options.title)}`,
    '',
    ...(options.notes ?? []).flatMap((n) => n.split('\n')).map((l) => `> ${esc(l)}`),
    ...(options.notes?.length ? [''] : []),
    s.hasChanges
      ? `**Plan:** ${c.import ? `${c.import} to import, ` : ''}${s.add} to add, ${s.change} to change, ${s.destroy} to destroy${c.move ? `, ${c.move} moved` : ''}${c.forget ? `, ${c.forget} to forget` : ''}.`
      : '**No changes.** The infrastructure matches the configuration.',
    ...(s.errored
      ? ['', '**The plan is incomplete: terraform reported errors while planning.**']
      : []),
    '',
    '| create | update | delete | replace | import | move | forget | read | no-op |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${c.create} | ${c.update} | ${c.delete} | ${c.replace} | ${c.import} | ${c.move} | ${c.forget} | ${c.read} | ${c.noOp} |`,
    '',
  ].join('\n');

  const parts = [head];
  let used = Buffer.byteLength(head);
  const section = (title: string, header: string, rows: string[], omitted: number): void => {
    if (rows.length === 0) return;
    const open = `<details><summary>${title}</summary>\n\n${header}\n`;
    const close = '\n</details>\n';
    let body = '';
    let bodyBytes = 0;
    let shown = 0;
    for (const row of rows) {
      const size = Buffer.byteLength(row) + 1;
      if (used + Buffer.byteLength(open) + bodyBytes + size + 400 > budget) break;
      body += `${row}\n`;
      bodyBytes += size;
      shown++;
    }
    const missing = rows.length - shown + omitted;
    const note =
      missing > 0
        ? `\n_… ${missing} more not shown: the list was cut to stay under ${options.limit ?? SUMMARY_LIMIT}._\n`
        : '';
    const text = `${open}${body}${note}${close}`;
    parts.push(text);
    used += Buffer.byteLength(text);
  };
  section(
    `Resources (${s.resources.length + s.resourcesOmitted} changed)`,
    '| resource | action | why |\n|---|---|---|',
    s.resources.map(resourceRow),
    s.resourcesOmitted,
  );
  section(
    `Outputs (${s.outputs.filter((o) => o.action !== 'no-op').length} changed)`,
    '| output | action |\n|---|---|',
    s.outputs
      .filter((o) => o.action !== 'no-op')
      .map(
        (o) =>
          `| <code>${esc(o.name)}</code>${o.sensitive ? ' (sensitive)' : ''} | ${SYMBOL[o.action] ?? o.action} |`,
      ),
    0,
  );
  section(
    `Drift: ${s.drift.length + s.driftOmitted} changed outside terraform`,
    '| resource | change found |\n|---|---|',
    s.drift.map(resourceRow),
    s.driftOmitted,
  );
  return parts.join('\n');
}

/** The `plan-summary` output: the whole summary, or it with shortened lists and `truncated: true`. */
export function planSummaryJson(s: PlanSummary, budget = OUTPUT_BUDGET): string {
  let json = JSON.stringify(s);
  if (json.length <= budget) return json;
  let keep = s.resources.length;
  while (keep > 0 && json.length > budget) {
    keep = Math.floor(keep / 2);
    json = JSON.stringify({
      ...s,
      resources: s.resources.slice(0, keep),
      resourcesOmitted: s.resourcesOmitted + s.resources.length - keep,
      drift: s.drift.slice(0, Math.min(keep, s.drift.length)),
      driftOmitted: s.driftOmitted + Math.max(0, s.drift.length - keep),
      outputs: s.outputs.slice(0, Math.max(keep, 50)),
      truncated: true,
    });
  }
  return json;
}
