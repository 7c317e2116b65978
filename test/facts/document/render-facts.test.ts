/**
 * The document, from real `terraform output -json` (Terraform 1.11.4, shared fixtures) to each
 * format: exact numbers, no sensitive value, deterministic bytes, valid against the published schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as losslessParse, stringify as losslessStringify } from 'lossless-json';
import { parse as parseYaml } from 'yaml';
import { buildInfraFacts } from '../../../src/facts/document/build-infra-facts.js';
import { factsUnchanged } from '../../../src/facts/document/compare-facts.js';
import {
  FACTS_FORMATS,
  type FactsFormat,
  type InfraFacts,
} from '../../../src/facts/document/infra-facts.js';
import { parseOutputs } from '../../../src/facts/document/parse-outputs.js';
import { CONFIGMAP_DOCUMENT_KEY, renderFacts } from '../../../src/facts/document/render-facts.js';
import { selectOutputs } from '../../../src/facts/document/select-outputs.js';
import { repoRoot } from '../../harness/action-runner.js';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../shared-fixtures.js';

const generated = (...p: string[]) =>
  readFileSync(path.join(sharedFixturesDir, 'terraform', 'generated-tf1.11.4', ...p), 'utf8');
const schema = JSON.parse(
  readFileSync(path.join(repoRoot, 'schemas', 'infra-facts.schema.json'), 'utf8'),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

const metadata = {
  project: 'shop',
  environment: 'prod',
  deploymentId: 'dep_01HZX3',
  engine: { name: 'terraform', version: '1.11.4' },
  source: {
    repository: 'acme/infra',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    path: 'stacks/app',
  },
  run: {
    id: '9000000001',
    url: 'https://github.com/acme/infra/actions/runs/9000000001',
    actor: 'octocat',
  },
};
const docOf = (
  json: string,
  include: string[] = [],
  exclude: string[] = [],
  now = new Date('2026-11-22T10:00:00.123Z'),
): InfraFacts =>
  buildInfraFacts(metadata, selectOutputs(parseOutputs(json), { include, exclude }), now);

/** The InfraFacts document inside a rendered file, read back as a consumer would. */
function documentIn(text: string, format: FactsFormat): unknown {
  if (format === 'json') return JSON.parse(text);
  const root = parseYaml(text) as Record<string, unknown>;
  if (format === 'helm-values') return root['grape'];
  if (format === 'configmap')
    return JSON.parse((root['data'] as Record<string, string>)[CONFIGMAP_DOCUMENT_KEY]!);
  return root;
}

describeWithSharedFixtures('facts from every kind of Terraform output (output_all.json)', () => {
  const json = generated('outputs', 'output_all.json');
  const doc = docOf(json);

  it('keeps non-sensitive outputs and lists sensitive ones by name only', () => {
    expect(Object.keys(doc.facts)).toEqual([
      'big_number',
      'enabled',
      'multiline',
      'nested',
      'ratio',
      'role_arn',
      'session_ttl',
      'tags',
      'typed_map',
      'zone_set',
      'zones',
    ]);
    expect(doc.redacted).toEqual(['connection', 'db_password']);
    expect(doc.metadata.generatedAt).toBe('2026-11-22T10:00:00Z');
  });

  it.each(FACTS_FORMATS)(
    'renders %s with no sensitive value, valid against the schema',
    (format) => {
      const text = renderFacts(doc, format);
      expect(text).not.toContain('pa55w0rd!');
      const inner = documentIn(text, format);
      expect(validate(inner) ? [] : validate.errors).toEqual([]);
    },
  );

  it('renders integers beyond 2^53 exactly, in every format', () => {
    expect(renderFacts(doc, 'yaml')).toContain('\n  big_number: 12345678901234567890\n');
    expect(renderFacts(doc, 'helm-values')).toContain('\n    big_number: 12345678901234567890\n');
    const json = renderFacts(doc, 'json');
    expect(json).toContain('"big_number": 12345678901234567890,');
    expect(losslessStringify((losslessParse(json) as { facts: unknown }).facts)).toContain(
      '"big_number":12345678901234567890',
    );
    const configmap = parseYaml(renderFacts(doc, 'configmap')) as { data: Record<string, string> };
    expect(configmap.data['big_number']).toBe('12345678901234567890');
    expect(configmap.data[CONFIGMAP_DOCUMENT_KEY]).toContain('"big_number": 12345678901234567890');
  });

  it('keeps strings exact, escapes and all, and quotes what YAML 1.1 readers would mistake', () => {
    const yaml = parseYaml(renderFacts(doc, 'yaml'), { version: '1.1' }) as {
      facts: Record<string, unknown>;
    };
    expect(yaml.facts['multiline']).toBe('line1\nline2 with "quotes" and unicode é中 <&>');
    expect(yaml.facts['typed_map']).toEqual({ a: '1', b: '2' });
    const tricky = docOf(
      JSON.stringify({
        a: { sensitive: false, type: 'string', value: 'yes' },
        b: { sensitive: false, type: 'string', value: '0x1F' },
      }),
    );
    expect(renderFacts(tricky, 'yaml')).toContain('  a: "yes"\n  b: "0x1F"\n');
  });

  it('renders the same bytes for the same document, whatever the key order it came in', () => {
    const shuffled = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(json) as object).reverse()),
    );
    for (const format of FACTS_FORMATS)
      expect(
        renderFacts(
          docOf(shuffled.replace('12345678901234567000', '12345678901234567890')),
          format,
        ),
      ).toBe(renderFacts(doc, format));
  });

  it('renders a ConfigMap whose data a pod can mount', () => {
    const cm = parseYaml(renderFacts(doc, 'configmap')) as {
      metadata: { name: string; labels: object; annotations: object };
      data: Record<string, string>;
    };
    expect(cm.metadata.name).toBe('grape-facts-shop-prod');
    expect(cm.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'grape',
      'grape.dev/environment': 'prod',
      'grape.dev/project': 'shop',
    });
    expect(cm.data['role_arn']).toBe('arn:aws:iam::123456789012:role/grape-deployer');
    expect(cm.data['tags']).toBe('{"env":"prod","team":"platform"}');
    expect(Object.values(cm.data).every((v) => typeof v === 'string')).toBe(true);
  });

  it('selects outputs with facts-include / facts-exclude globs', () => {
    const some = docOf(json, ['z*', '{role_arn,db_*}'], ['zone_set']);
    expect(Object.keys(some.facts)).toEqual(['role_arn', 'zones']);
    expect(some.redacted).toEqual(['db_password']);
  });
});

describeWithSharedFixtures('deciding whether an apply changed the facts (app v1 → v2)', () => {
  const v1 = generated('app', 'v1_output.json');
  const v2 = generated('app', 'v2_output.json');

  it.each(FACTS_FORMATS)(
    '%s: a later run with the same outputs is unchanged; v2 is a change',
    (format) => {
      const committed = renderFacts(docOf(v1), format);
      const laterRun = buildInfraFacts(
        {
          ...metadata,
          deploymentId: 'dep_later',
          run: { id: '2', url: 'https://github.com/acme/infra/actions/runs/2', actor: 'hubot' },
          source: { ...metadata.source, sha: 'b'.repeat(40) },
        },
        selectOutputs(parseOutputs(v1), { include: [], exclude: [] }),
        new Date('2027-01-01T00:00:00Z'),
      );
      expect(factsUnchanged(committed, laterRun, format)).toBe(true);
      expect(factsUnchanged(committed, docOf(v2), format)).toBe(false);
      expect(factsUnchanged(undefined, docOf(v1), format)).toBe(false);
      expect(factsUnchanged('hand: edited\n', docOf(v1), format)).toBe(false);
    },
  );

  it('never lets a sensitive value through, even one that changed (api_key rotated)', () => {
    for (const format of FACTS_FORMATS) {
      const text = renderFacts(docOf(v2), format);
      expect(text).not.toContain('ak-rotated-0002');
      expect(text).not.toContain('s3cr3t-upstream');
    }
  });
});

describe('odd `terraform output -json` documents', () => {
  it('an empty state gives an empty document', () => {
    expect(docOf('{}').facts).toEqual({});
  });

  it('refuses text that is not JSON, pointing at the usual culprit', () => {
    expect(() => parseOutputs('[command]terraform output -json\n{}')).toThrow(
      'Could not read the Terraform outputs: `terraform output -json` did not print valid JSON (error at character 1). Check that nothing wraps the terraform binary',
    );
  });

  it('refuses a document that is not outputs, without quoting any value', () => {
    expect(() => parseOutputs('{"x": {"value": "secret-ish"}}')).toThrow(
      "Could not read the Terraform outputs: output 'x' has no 'sensitive' flag or no 'value'",
    );
    expect(() => parseOutputs('{"x": {"value": "secret-ish"}}')).not.toThrow(/secret-ish/);
    expect(() => parseOutputs('[1]')).toThrow('printed something other than an object of outputs');
  });
});
