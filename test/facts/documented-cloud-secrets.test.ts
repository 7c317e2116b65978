/**
 * docs/facts.md's worked examples on Google Cloud and Azure, checked end to end: the module call
 * shown (parsed from its HCL) goes through the real module's policies.tf (real Terraform), its
 * `secret_ids` through Grape's renderer with the deploy step's inputs, and the result must be the
 * manifest shown, byte for byte and valid against the CRD schema; the ClusterSecretStore shown
 * for each is the one the manifest names, authenticates with workload identity (no key or
 * secret anywhere) and reads the project or vault the module created.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { repoRoot } from '../harness/action-runner.js';
import { evaluateOrThrow } from '../modules/terraform-eval.js';
import { renderExternalSecrets } from '../../src/facts/document/render-external-secrets.js';
import { parseOutputs } from '../../src/facts/document/parse-outputs.js';
import { PROVIDER_FREE_FILES } from './cloud-secret-references.js';
import { externalSecretProblems } from './external-secret-schema.js';
import { outputsJson } from './facts-helpers.js';

const doc = readFileSync(path.join(repoRoot, 'docs', 'facts.md'), 'utf8');
const section = (heading: string): string => {
  const start = doc.indexOf(heading);
  if (start === -1) throw new Error(`docs/facts.md has no '${heading}'`);
  // The next heading of level 2 to 4 (YAML comments in the blocks start with '# ').
  const end = doc.slice(start + heading.length).search(/\n#{2,4} /);
  return doc.slice(start, end === -1 ? undefined : start + heading.length + end);
};
const blocks = (text: string, lang: string): string[] =>
  [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);

/** The `module "secrets"` arguments of the section's HCL, literals only (hcl2json keeps "${…}"). */
async function moduleCall(text: string): Promise<Record<string, unknown>> {
  const hcl = (await parseHcl('example.tf', blocks(text, 'hcl')[0]!)) as {
    module: { secrets: Record<string, unknown>[] };
  };
  return hcl.module.secrets[0]!;
}

interface Step {
  with: Record<string, string>;
}
interface Store {
  kind: string;
  metadata: { name: string };
  spec: { provider: Record<string, Record<string, unknown>> };
}

const clouds = [
  {
    heading: '#### Worked example on Google Cloud',
    module: 'gcp-secret-store',
    provider: 'gcpsm',
    inputs: (call: Record<string, unknown>) => ({
      project_id: call['project_id'],
      environment: call['environment'],
      location: call['location'],
      secrets: call['secrets'],
      accessor_members: call['accessor_members'],
    }),
    stub: 'locals {\n  project_number = "123456789012"\n}\n',
    /** Where the store must read: the module's project. */
    reads: (store: Record<string, unknown>, call: Record<string, unknown>) =>
      expect(store['projectID']).toBe(call['project_id']),
    keyless: (store: Record<string, unknown>) =>
      expect(Object.keys(store['auth'] as object)).toEqual(['workloadIdentity']),
  },
  {
    heading: '#### Worked example on Azure',
    module: 'azure-secret-store',
    provider: 'azurekv',
    inputs: (call: Record<string, unknown>) => ({
      name: call['name'],
      resource_group_name: call['resource_group_name'],
      location: call['location'],
      tenant_id: call['tenant_id'],
      environment: call['environment'],
      secrets: call['secrets'],
      // An expression in the docs (the identity's principal id): it names no secret.
      reader_principal_ids: ['5a0b2c3d-1e2f-4a5b-8c9d-0e1f2a3b4c5d'],
      writer_principal_ids: call['writer_principal_ids'],
    }),
    stub: '',
    reads: (store: Record<string, unknown>, call: Record<string, unknown>) =>
      expect(store['vaultUrl']).toBe(`https://${String(call['name'])}.vault.azure.net`),
    keyless: (store: Record<string, unknown>) => expect(store['authType']).toBe('WorkloadIdentity'),
  },
];

describe.each(clouds)('docs/facts.md: $heading', (cloud) => {
  const text = section(cloud.heading);
  const [step] = parseYaml(blocks(text, 'yaml')[0]!) as Step[];
  const shown = blocks(text, 'yaml')[1]!;
  const store = parseYaml(blocks(text, 'yaml')[2]!) as Store;

  it('shows the manifest Grape renders from the module call shown, byte for byte', async () => {
    const call = await moduleCall(text);
    const vaultUri = `https://${String(call['name'])}.vault.azure.net/`;
    const stub =
      cloud.stub || `locals {\n  vault_id  = "/subscriptions/x"\n  vault_uri = "${vaultUri}"\n}\n`;
    const secretIds = evaluateOrThrow(
      cloud.module,
      'secret_ids',
      cloud.inputs(call),
      stub,
      PROVIDER_FREE_FILES,
    ) as Record<string, string>;
    const [kind = '', name = ''] = step!.with['facts-secret-store']!.split('/');
    const rendered = renderExternalSecrets(
      parseOutputs(outputsJson({ secret_ids: secretIds })),
      {
        sources: [{ output: step!.with['facts-external-secrets']!, shape: 'whole' }],
        store: { kind: kind as 'ClusterSecretStore', name },
        path: 'clusters/prod/shop/facts.external-secrets.yaml',
      },
      { project: step!.with['project']!, environment: step!.with['environment']! },
    );
    expect(shown).toBe(rendered);
    expect(externalSecretProblems(shown)).toEqual([]);
  });

  it('shows the store the manifest names, reading the module’s secrets with workload identity', async () => {
    const manifest = parseAllDocuments(shown)[0]!.toJS() as {
      spec: { secretStoreRef: { kind: string; name: string } };
    };
    expect({ kind: store.kind, name: store.metadata.name }).toEqual(manifest.spec.secretStoreRef);
    expect(Object.keys(store.spec.provider)).toEqual([cloud.provider]);
    const provider = store.spec.provider[cloud.provider]!;
    cloud.reads(provider, await moduleCall(text));
    cloud.keyless(provider);
    expect(JSON.stringify(store)).not.toMatch(/secretRef|clientSecret|clientId|credentials/i);
  });
});
