/**
 * Reads a `terraform show -json` / `tofu show -json` plan as a byte stream and hands each
 * resource change, drift entry and output change to a visitor, without ever materialising
 * attribute values (which hold secrets in clear text). Works on every plan format from 0.1
 * (Terraform 0.12) to 1.2 (Terraform 1.5+ and OpenTofu), see FORMAT_NOTES in the shared fixtures.
 */
import { GrapeError } from '../../errors.js';
import { JsonSelector } from '../../lib/json/json-selector.js';
import { JsonShapeError } from '../../lib/json/json-shape.js';
import type { PlanHeader, PlanVisitor } from './plan-records.js';
import { PlanSelector } from './plan-selector.js';

export type {
  OutputChangeRecord,
  PlanHeader,
  PlanVisitor,
  ResourceChangeRecord,
} from './plan-records.js';

/** Plan JSON format versions this summariser understands (major version). */
const KNOWN_MAJORS = new Set(['0', '1']);

/**
 * Scans the plan, calling `visitor` as changes stream by; returns the header.
 * Throws GrapeError with a clear reason when the input is not a `show -json` plan.
 */
export async function scanPlan(
  source: AsyncIterable<Buffer | string>,
  visitor: PlanVisitor,
  origin = 'the plan JSON',
): Promise<PlanHeader> {
  const selector = new PlanSelector(visitor);
  const scanner = new JsonSelector(selector);
  let head = '';
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (head.length < 64) head += bytes.subarray(0, 64).toString('utf8');
      scanner.write(bytes);
    }
    scanner.end();
  } catch (error) {
    if (error instanceof JsonShapeError) throw invalid(origin, error, head);
    throw error;
  }
  const h = selector.header;
  if (h.formatVersion === undefined) {
    throw new GrapeError(
      h.hcpRedacted
        ? `${origin} is an HCP Terraform redacted plan (it has plan_format_version), not \`terraform show -json\` output. Run \`terraform show -json <planfile>\` to get a plan Grape can summarise.`
        : `${origin} has no format_version: it is not \`terraform show -json <planfile>\` output.`,
    );
  }
  const major = h.formatVersion.split('.')[0] ?? '';
  if (!KNOWN_MAJORS.has(major)) {
    throw new GrapeError(
      `${origin} has format_version ${h.formatVersion}, which this version of Grape does not know (it reads 0.x and 1.x). Update Grape, or pin an older engine-version.`,
    );
  }
  return h;
}

function invalid(origin: string, error: JsonShapeError, head: string): GrapeError {
  const trimmed = head.trimStart();
  const hint = trimmed.startsWith('[command]')
    ? " It starts with '[command]': the output was captured through hashicorp/setup-terraform's wrapper. Set `terraform_wrapper: false` on setup-terraform, or let Grape run terraform."
    : trimmed !== '' && !trimmed.startsWith('{')
      ? ` It starts with '${trimmed.slice(0, 20).replace(/\s+/g, ' ')}', not '{'.`
      : '';
  return new GrapeError(
    `${origin} is not valid plan JSON: ${error.message} (at byte ${error.offset}).${hint}`,
  );
}
