/** The example document in docs/facts.md is a valid InfraFacts document. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { repoRoot } from '../harness/action-runner.js';

it('docs/facts.md shows a document that validates against schemas/infra-facts.schema.json', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'facts.md'), 'utf8');
  const example = /## The document\n\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(example).toBeDefined();
  const schema = JSON.parse(
    readFileSync(path.join(repoRoot, 'schemas', 'infra-facts.schema.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv2020({ allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);
  expect(validate(parse(example!)) ? [] : validate.errors).toEqual([]);
});
