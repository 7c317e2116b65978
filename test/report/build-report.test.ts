/**
 * The run report's changed resources: the plan summary's list (address and action only), cut to
 * the contract's bound with the rest counted, and every report the action builds valid against
 * the contract the dispatcher checks it with.
 */
import { Value } from '@sinclair/typebox/value';
import { MAX_REPORTED_RESOURCES, RunReportSchema } from '../../contract/run-report.js';
import { buildReport } from '../../src/report/build-report.js';
import { summarizePlan } from '../../src/terraform/plan-json/summarize-plan.js';
import type { TerraformStepResult } from '../../src/terraform/run-terraform-step.js';

async function* once(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}
const change = (address: string, actions: string[]) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  change: { actions, before: { secret: 's3cret' }, after: { secret: 's3cret' } },
});

async function reportOf(changes: object[]) {
  const planSummary = await summarizePlan(
    once(JSON.stringify({ format_version: '1.2', resource_changes: changes })),
  );
  const engine = {
    engine: { name: 'terraform', version: '1.11.4' },
    binaryPath: '/bin/terraform',
    planSummary,
    planSha256: 'a'.repeat(64),
    planId: undefined,
    applied: false,
    outputsJson: '{}',
  } as TerraformStepResult;
  return buildReport('dep_0123456789abcdef0123', { engine }, undefined);
}

describe("the report's changed resources", () => {
  it('lists each changed resource by address and action, never a value, and no no-op', async () => {
    const report = await reportOf([
      change('local_file.a', ['create']),
      change('local_file.b', ['delete', 'create']),
      change('local_file.c', ['no-op']),
      change('local_file.d', ['delete']),
    ]);
    expect(report.plan?.resources).toEqual([
      { address: 'local_file.a', action: 'create' },
      { address: 'local_file.b', action: 'replace' },
      { address: 'local_file.d', action: 'delete' },
    ]);
    expect(report.plan?.resourcesOmitted).toBe(0);
    expect(JSON.stringify(report)).not.toContain('s3cret');
    expect(Value.Check(RunReportSchema, report)).toBe(true);
  });

  it(`lists at most ${MAX_REPORTED_RESOURCES} and counts the rest; an over-long address is counted, not cut`, async () => {
    const long = `local_file.${'x'.repeat(600)}`;
    const report = await reportOf([
      change(long, ['create']),
      ...Array.from({ length: MAX_REPORTED_RESOURCES + 5 }, (_, i) =>
        change(`local_file.r${i}`, ['create']),
      ),
    ]);
    expect(report.plan?.resources).toHaveLength(MAX_REPORTED_RESOURCES);
    expect(report.plan?.resources?.[0]).toEqual({ address: 'local_file.r0', action: 'create' });
    expect(report.plan?.resourcesOmitted).toBe(6);
    expect(Value.Check(RunReportSchema, report)).toBe(true);
  });
});

describe('the contract', () => {
  const base = {
    v: 1,
    deploymentId: 'dep_0123456789abcdef0123',
    status: 'succeeded',
    plan: { sha256: 'a'.repeat(64), hasChanges: true, summary: { add: 1 } },
  };
  const withResources = (resources: unknown) => ({
    ...base,
    plan: { ...base.plan, resources, resourcesOmitted: 0 },
  });

  it.each([
    [
      'more resources than the bound',
      Array.from({ length: MAX_REPORTED_RESOURCES + 1 }, (_, i) => ({
        address: `a.r${i}`,
        action: 'create',
      })),
    ],
    ['an address over 512 characters', [{ address: 'a'.repeat(513), action: 'create' }]],
    ['an address with a line break', [{ address: 'a.b\nforged', action: 'create' }]],
    ['an odd action', [{ address: 'a.b', action: 'DROP TABLE' }]],
    ['a value beside the address', [{ address: 'a.b', action: 'create', after: { x: 1 } }]],
  ])('refuses %s', (_, resources) => {
    expect(Value.Check(RunReportSchema, withResources(resources))).toBe(false);
  });

  it('accepts a report without the list (an older action)', () => {
    expect(Value.Check(RunReportSchema, base)).toBe(true);
  });
});
