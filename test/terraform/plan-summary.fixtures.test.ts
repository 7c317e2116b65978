/**
 * Conformance: every plan in ../shared/fixtures/terraform is summarised by the streaming scanner
 * exactly as an independent whole-document oracle (JSON.parse) and, for the plans made with the
 * real binary, as terraform's own "Plan: …" line says — whatever the chunk boundaries are.
 */
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { summarizePlan } from '../../src/terraform/plan-json/summarize-plan.js';
import { classifyActions } from '../../src/terraform/plan-json/classify-change.js';
import { describeWithSharedFixtures, sharedFixturesDir } from '../shared-fixtures.js';

const root = path.join(sharedFixturesDir, 'terraform');

function planFiles(dir: string): string[] {
  let files: string[] = [];
  try {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) files = files.concat(planFiles(file));
      else if (/plan\.json(\.gz)?$|fmt\d\.\d\.json$|INVALID_.*\.json$/.test(name)) files.push(file);
    }
  } catch {
    return [];
  }
  return files.sort();
}

const bytesOf = (file: string): Buffer => {
  const raw = readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(raw) : raw;
};

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

interface Doc {
  resource_changes?: Array<{
    address: string;
    previous_address?: string;
    change: { actions: string[]; importing?: unknown };
  }>;
  output_changes?: Record<string, { actions: string[] }>;
  resource_drift?: Array<{ change: { actions: string[] } }>;
}

/** The oracle: the same counts from the whole document, the obvious way. */
function oracle(doc: Doc) {
  const counts: Record<string, number> = {};
  let imports = 0;
  let moves = 0;
  for (const rc of doc.resource_changes ?? []) {
    const action = classifyActions(rc.change.actions);
    counts[action] = (counts[action] ?? 0) + 1;
    if (rc.change.importing) imports++;
    if (rc.previous_address !== undefined && rc.previous_address !== rc.address) moves++;
  }
  const n = (k: string): number => counts[k] ?? 0;
  return {
    add: n('create') + n('replace') + n('create-forget'),
    change: n('update'),
    destroy: n('delete') + n('replace'),
    imports,
    moves,
    outputs: Object.keys(doc.output_changes ?? {}).length,
    drift: (doc.resource_drift ?? []).filter((d) => d.change.actions.join() !== 'no-op').length,
  };
}

const valid = planFiles(root).filter((f) => !path.basename(f).startsWith('INVALID_'));

describeWithSharedFixtures('plan summary of every shared fixture', () => {
  it('finds the fixtures', () => {
    expect(valid.length).toBeGreaterThanOrEqual(20);
  });

  it.each(valid.map((f) => [path.relative(root, f), f]))(
    '%s: same counts as the whole-document oracle, at any chunk size',
    async (_name, file) => {
      const bytes = bytesOf(file);
      const expected = oracle(JSON.parse(bytes.toString('utf8')) as Doc);
      const results = [];
      for (const size of bytes.length > 1e6 ? [4093, bytes.length] : [1, 7, 4096, bytes.length]) {
        const s = await summarizePlan(chunks(bytes, size));
        results.push(s);
        expect({
          add: s.add,
          change: s.change,
          destroy: s.destroy,
          imports: s.counts.import,
          moves: s.counts.move,
          outputs: s.outputs.length,
          drift: s.drift.length,
        }).toEqual(expected);
      }
      for (const r of results) expect(r).toEqual(results[0]);
    },
  );

  it.each(
    valid
      .filter((f) => f.includes('generated-tf1.11.4'))
      .flatMap((f) => {
        const txt = f.replace(/\.json(\.gz)?$/, '.txt');
        for (const candidate of [txt, `${txt}.gz`]) {
          try {
            const text = bytesOf(candidate).toString('utf8');
            const m =
              /Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy/.exec(
                text,
              );
            if (m) return [[path.relative(root, f), f, m.slice(1).map((x) => Number(x ?? 0))]];
            if (/No changes\./.test(text)) return [[path.relative(root, f), f, [0, 0, 0, 0]]];
          } catch {
            /* no human-readable twin */
          }
        }
        return [];
      }) as Array<[string, string, number[]]>,
  )(
    '%s: agrees with the real terraform\'s "Plan:" line',
    async (_name, file, [imp, add, change, destroy]) => {
      const s = await summarizePlan(
        createReadStream(file).pipe(
          file.endsWith('.gz')
            ? (await import('node:zlib')).createGunzip()
            : new (await import('node:stream')).PassThrough(),
        ),
      );
      expect([s.counts.import, s.add, s.change, s.destroy]).toEqual([imp, add, change, destroy]);
    },
  );

  it('reads the v2 plan of the real binary: every action, reason, import and move', async () => {
    const s = await summarizePlan(
      chunks(bytesOf(path.join(root, 'generated-tf1.11.4/app/v2_plan.json')), 4096),
    );
    expect(s.counts).toMatchObject({
      create: 2,
      update: 4,
      delete: 3,
      replace: 5,
      read: 1,
      forget: 1,
      import: 1,
      move: 1,
    });
    expect(s.hasChanges).toBe(true);
    expect(s.resources.some((r) => r.reason === 'the object is tainted')).toBe(true);
    expect(s.resources.some((r) => r.reason === 'replace_triggered_by changed')).toBe(true);
    expect(s.resources.some((r) => r.previousAddress !== undefined)).toBe(true);
    expect(s.resources.some((r) => r.importing)).toBe(true);
    expect(s.outputs.find((o) => o.name === 'api_key')).toEqual({
      name: 'api_key',
      action: 'update',
      sensitive: true,
    });
  });

  it('never carries a value: no sensitive (or any) attribute or output value is in the summary', async () => {
    for (const file of valid) {
      const text = JSON.stringify(await summarizePlan(chunks(bytesOf(file), 65536)));
      for (const secret of [
        'ak-rotated-0002',
        'ak-initial-0001',
        's3cr3t-upstream',
        '"bar"',
        'hello_world',
      ])
        expect(text).not.toContain(secret);
    }
  });

  it('reports drift (resource_drift) from Terraform 1.0 and 1.8 plans', async () => {
    const a = await summarizePlan(
      chunks(
        bytesOf(path.join(root, 'plan-json/infracost/tf1.0.11_resource_drift_fmt0.2.json')),
        999,
      ),
    );
    const b = await summarizePlan(
      chunks(bytesOf(path.join(root, 'plan-json/trivy/tf1.8.1_resource_drift_fmt1.2.json')), 999),
    );
    expect(a.drift.map((d) => d.action)).toEqual(['update']);
    expect(b.drift.map((d) => d.action)).toEqual(['delete']);
  });

  it('marks an errored plan (Terraform ≥ 1.6 writes one on error) and a refresh-only plan as unapplyable', async () => {
    const errored = await summarizePlan(
      chunks(bytesOf(path.join(root, 'generated-tf1.11.4/errored/errored_plan.json')), 512),
    );
    expect(errored.errored).toBe(true);
    const refresh = await summarizePlan(
      chunks(bytesOf(path.join(root, 'generated-tf1.11.4/app/v3_refresh_only_plan.json')), 512),
    );
    expect(refresh.applyable).toBe(false);
    expect(refresh.resources).toEqual([]);
  });

  it('counts action invocations of a Terraform 1.14 plan with no resource_changes at all', async () => {
    const s = await summarizePlan(
      chunks(
        bytesOf(
          path.join(root, 'plan-json/terraform-json/tf1.14-ish_action_invocations_fmt1.2.json'),
        ),
        100,
      ),
    );
    expect(s.actionInvocations).toBeGreaterThan(0);
    expect(s.terraformVersion).toBeUndefined();
  });
});

describeWithSharedFixtures('the INVALID_ fixtures', () => {
  it('refuses trailing data after the document with the byte offset', async () => {
    const file = path.join(root, 'plan-json/terraform-json/INVALID_plan_extra_data.json');
    await expect(summarizePlan(chunks(bytesOf(file), 333))).rejects.toThrow(
      /^the plan JSON is not valid plan JSON: unexpected data after the end of the JSON document \(at byte 15\d\d\d\)\.$/,
    );
  });

  it("explains the setup-terraform wrapper's '[command]' prefix and how to turn it off", async () => {
    const file = path.join(root, 'plan-json/infracost/INVALID_wrapper_prefixed_plan.json');
    await expect(summarizePlan(chunks(bytesOf(file), 333))).rejects.toThrow(
      "the plan JSON is not valid plan JSON: the document is not a JSON object (at byte 0). It starts with '[command]': the output was captured through hashicorp/setup-terraform's wrapper. Set `terraform_wrapper: false` on setup-terraform, or let Grape run terraform.",
    );
  });
});
