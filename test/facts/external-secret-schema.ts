/**
 * The ExternalSecret v1 schema from the external-secrets CRD (vendored, see
 * test/fixtures/external-secrets/PROVENANCE.md), compiled with Ajv: validates every document of a
 * rendered manifests file, plus what the API server checks before any schema (a DNS-1123 name).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../harness/action-runner.js';

const schema = JSON.parse(
  readFileSync(
    path.join(repoRoot, 'test/fixtures/external-secrets/externalsecret-v1.schema.json'),
    'utf8',
  ),
) as object;
// Kubernetes' structural schemas add x-kubernetes-* annotations Ajv does not know.
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(schema);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problems of each document in the file (empty when every one is a valid ExternalSecret). */
export function externalSecretProblems(text: string): string[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length > 0) return doc.errors.map((e) => `document ${i}: ${e.message}`);
    const value = doc.toJS() as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: { name?: unknown };
    };
    const problems = validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `document ${i}: ${e.instancePath} ${e.message}`);
    // The CRD schema leaves these open; the API server routes by them.
    if (value.apiVersion !== 'external-secrets.io/v1' || value.kind !== 'ExternalSecret')
      problems.push(`document ${i}: not an external-secrets.io/v1 ExternalSecret`);
    const name = value.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name))
      problems.push(`document ${i}: metadata.name is not a DNS-1123 subdomain`);
    return problems;
  });
}
