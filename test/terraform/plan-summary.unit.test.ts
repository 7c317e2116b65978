/**
 * The summariser's edges: escapes and multi-byte characters split across chunks, malformed and
 * truncated input, unknown format versions, the bounded resource list, and the rendering limits.
 */
import { summarizePlan } from '../../src/terraform/plan-json/summarize-plan.js';
import { PlanGuard } from '../../src/terraform/plan-guards.js';
import { planSummaryJson, renderPlanSummary } from '../../src/terraform/render-summary.js';

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const rc = (address: string, actions: string[], extra: object = {}): object => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  change: {
    actions,
    before: { secret: 'p@ss"word\\' },
    after: null,
    after_sensitive: { secret: true },
  },
  ...extra,
});
const plan = (changes: object[], extra: object = {}): string =>
  JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: changes,
    ...extra,
  });

describe('the streaming scanner', () => {
  it.each([1, 2, 3, 5, 64])(
    'decodes escaped and multi-byte addresses split at every %i bytes',
    async (size) => {
      const address = 'aws_s3_bucket.b["clé \\"q\\" \\\\ 🚀"]';
      const s = await summarizePlan(chunks(plan([rc(address, ['create'])]), size));
      expect(s.resources[0]?.address).toBe(address);
    },
  );

  it('handles pretty-printed JSON with CRLF line ends and numbers in every form', async () => {
    const text = JSON.stringify(
      JSON.parse(plan([rc('a.b', ['update'], { index: -1.5e3 })], { neg: -0 })),
      null,
      2,
    )
      .replace(/\n/g, '\r\n')
      .replace('"neg": 0', '"neg": -0, "big": 12345678901234567890');
    expect(text).toContain('"big": 12345678901234567890');
    const s = await summarizePlan(chunks(text, 7));
    expect(s.counts.update).toBe(1);
  });

  it.each<[string, string, RegExp]>([
    [
      'truncated output',
      plan([rc('a.b', ['create'])]).slice(0, -10),
      /ends in the middle of a JSON value \(truncated output\?\)/,
    ],
    ['an empty document', '', /the document is empty/],
    [
      'unbalanced brackets in a skipped value',
      '{"format_version":"1.2","prior_state":{"a":[1,2}}',
      /unbalanced brackets \(at byte 47\)/,
    ],
    [
      'an invalid literal',
      '{"format_version":"1.2","errored":maybe}',
      /invalid JSON literal 'maybe'/,
    ],
    [
      'an array at the top',
      '[{"format_version":"1.2"}]',
      /the document is not a JSON object \(at byte 0\)\. It starts with .\[/,
    ],
  ])('refuses %s', async (_name, text, message) => {
    await expect(summarizePlan(chunks(text, 4))).rejects.toThrow(message);
  });

  it('refuses documents that are not show -json output, saying what they are', async () => {
    await expect(
      summarizePlan(chunks('{"plan_format_version":"1.0","resource_changes":[]}', 9)),
    ).rejects.toThrow(
      'the plan JSON is an HCP Terraform redacted plan (it has plan_format_version), not `terraform show -json` output.',
    );
    await expect(summarizePlan(chunks('{"values":{}}', 9))).rejects.toThrow(
      'the plan JSON has no format_version: it is not `terraform show -json <planfile>` output.',
    );
    await expect(summarizePlan(chunks('{"format_version":"2.0"}', 9))).rejects.toThrow(
      'the plan JSON has format_version 2.0, which this version of Grape does not know (it reads 0.x and 1.x).',
    );
  });

  it('keeps the resource list bounded but counts and guards every change', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      rc(`terraform_data.n[${i}]`, i % 2 ? ['delete'] : ['create']),
    );
    const guard = new PlanGuard({ allowDestroy: false, protectedResourceTypes: [] });
    const s = await summarizePlan(chunks(plan(many), 65536), {
      limits: { maxResources: 100, maxDrift: 10, maxOutputs: 10 },
      watchers: [guard],
    });
    expect(s.counts).toMatchObject({ create: 2500, delete: 2500 });
    expect(s.resources).toHaveLength(100);
    expect(s.resourcesOmitted).toBe(4900);
    expect(guard.total).toBe(2500);
    expect(() => guard.enforce()).toThrow(
      /^Refusing to apply: the plan deletes or replaces 2500 guarded resources:\n- terraform_data\.n\[1\]: delete .*\n(- .*\n){49}- … and 2450 more\n/,
    );
  });

  it('treats unknown action lists as destructive (fails closed) and ignores data sources', async () => {
    const guard = new PlanGuard({ allowDestroy: false, protectedResourceTypes: ['aws_*'] });
    await summarizePlan(
      chunks(plan([rc('x.y', ['explode']), { ...rc('aws_ami.a', ['read']), mode: 'data' }]), 16),
      { watchers: [guard] },
    );
    expect(guard.violations).toEqual([
      {
        address: 'x.y',
        action: 'unknown',
        rule: 'allow-destroy',
        why: 'terraform planned actions [explode], which Grape does not know',
      },
    ]);
  });
});

describe('rendering', () => {
  it("cuts the job summary before GitHub's limit, saying how much is missing", async () => {
    const many = Array.from({ length: 20000 }, (_, i) =>
      rc(`aws_instance.web["${'k'.repeat(40)}${i}"]`, ['update']),
    );
    const s = await summarizePlan(chunks(plan(many), 1 << 16), {
      limits: { maxResources: 20000, maxDrift: 1, maxOutputs: 1 },
    });
    const md = renderPlanSummary(s, { title: 'plan', budget: 200_000 });
    expect(Buffer.byteLength(md)).toBeLessThan(200_000);
    expect(md).toMatch(
      /_… \d+ more not shown: the list was cut to stay under GitHub's 1 MiB job-summary limit\._/,
    );
    const json = planSummaryJson(s, 50_000);
    expect(json.length).toBeLessThanOrEqual(50_000);
    expect(JSON.parse(json)).toMatchObject({ truncated: true, counts: { update: 20000 } });
  });

  it('escapes addresses so they cannot break the table or inject HTML', async () => {
    const s = await summarizePlan(chunks(plan([rc('x.y["a|b<script>"]', ['create'])]), 50));
    expect(renderPlanSummary(s, { title: 't' })).toContain(
      '<code>x.y["a&#124;b&lt;script&gt;"]</code>',
    );
  });
});
