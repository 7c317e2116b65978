/** ExternalSecret manifests from Terraform outputs: configuration, rendering, refusals. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputReader } from '../../../src/inputs/input-reader.js';
import {
  externalSecretsPath,
  readExternalSecretsConfig,
  type ExternalSecretsConfig,
} from '../../../src/config/facts/external-secrets-config.js';
import {
  missingOutputs,
  renderExternalSecrets,
} from '../../../src/facts/document/render-external-secrets.js';
import { parseOutputs } from '../../../src/facts/document/parse-outputs.js';
import { externalSecretProblems } from '../external-secret-schema.js';
import { outputsJson } from '../facts-helpers.js';
import { repoRoot } from '../../harness/action-runner.js';

const CANARY = 'canary-Z9x!never-in-git';
const RDS_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-5f3c-AbCdEf';
const JWT_ARN =
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:production/api/jwt-secret-Gh1jK2';
const outputs = parseOutputs(
  outputsJson(
    {
      db_master_user_secret_arn: RDS_ARN,
      secret_arns: { 'api/jwt-secret': JWT_ARN, 'smtp/password': 'production/smtp/password' },
      vpc_id: 'vpc-1',
    },
    { db_password: CANARY },
  ),
);
const names = { project: 'platform', environment: 'production' };
interface Manifest {
  readonly metadata: {
    readonly name: string;
    readonly labels: Record<string, string>;
    readonly annotations: Record<string, string>;
  };
  readonly spec: { readonly data?: unknown };
}
const config = (sources: ExternalSecretsConfig['sources']): ExternalSecretsConfig => ({
  sources,
  store: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
  path: 'facts/platform/production.external-secrets.yaml',
});
const render = (sources: ExternalSecretsConfig['sources']) =>
  renderExternalSecrets(outputs, config(sources), names);

describe('rendering ExternalSecrets for the RDS master secret and the secret-store map', () => {
  const text = render([
    { output: 'db_master_user_secret_arn', shape: 'json' },
    { output: 'secret_arns', shape: 'whole' },
  ]);
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Manifest);

  it('validates every document against the external-secrets CRD schema (v1)', () => {
    expect(docs).toHaveLength(3);
    expect(externalSecretProblems(text)).toEqual([]);
  });

  it('would catch a broken document: the schema check is not vacuous', () => {
    const broken = text
      .replace('creationPolicy: Owner', 'creationPolicy: Sometimes')
      .replace('secretKey: value', 'secretKeyTypo: value');
    expect(externalSecretProblems(broken)).toEqual([
      "document 0: /spec/data/0 must have required property 'secretKey'",
      'document 0: /spec/target/creationPolicy must be equal to one of the allowed values',
    ]);
  });

  it('points each at its Secrets Manager entry through the named store, in name order', () => {
    expect(docs.map((d) => d.metadata.name)).toEqual([
      'api-jwt-secret',
      'db-master-user',
      'smtp-password',
    ]);
    expect(docs[1]!.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
      target: { name: 'db-master-user', creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: RDS_ARN } }],
    });
    expect(docs[0]!.spec.data).toEqual([{ secretKey: 'value', remoteRef: { key: JWT_ARN } }]);
    expect(docs[2]!.spec.data).toEqual([
      { secretKey: 'value', remoteRef: { key: 'production/smtp/password' } },
    ]);
    expect(docs[0]!.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'grape',
      'grape.dev/environment': 'production',
      'grape.dev/project': 'platform',
    });
    expect(docs[0]!.metadata.annotations).toEqual({
      'grape.dev/terraform-output': 'secret_arns["api/jwt-secret"]',
    });
  });

  it('is deterministic, and never carries a sensitive value', () => {
    expect(
      render([
        { output: 'secret_arns', shape: 'whole' },
        { output: 'db_master_user_secret_arn', shape: 'json' },
      ]),
    ).toBe(text);
    expect(text).not.toContain(CANARY);
  });
});

describe('outputs the apply did not produce (a typo, or after a destroy)', () => {
  it('are skipped and reported; with none left the file holds only its header', () => {
    const c = config([{ output: 'nope', shape: 'whole' }]);
    expect(missingOutputs(outputs, c)).toEqual(['nope']);
    expect(renderExternalSecrets(outputs, c, names)).toBe(
      '# ExternalSecrets written by Grape beside the infra facts (references only, never values).\n# Do not edit: the next apply replaces this file.\n',
    );
  });
});

describe('refusals, which never quote a value', () => {
  const refusal = (sources: ExternalSecretsConfig['sources']) => {
    try {
      render(sources);
      return 'rendered';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('refuses a sensitive output without reading it', () => {
    const message = refusal([{ output: 'db_password', shape: 'whole' }]);
    expect(message).toBe(
      "Input 'facts-external-secrets' names output 'db_password', which is sensitive. List outputs holding Secrets Manager ARNs or names, Google Secret Manager secrets ('projects/P/secrets/N') or Azure Key Vault secret ids ('https://VAULT.vault.azure.net/secrets/N') (a string, or a map of them such as secret-store's 'secret_arns' or gcp-secret-store's and azure-secret-store's 'secret_ids'); for a sensitive value, store it in the cloud's secret store and list the output of its reference.",
    );
    expect(message).not.toContain(CANARY);
  });

  it('refuses a value that is no reference, and a name clash', () => {
    expect(refusal([{ output: 'vpc_id', shape: 'whole' }])).toBe('rendered');
    const odd = parseOutputs(
      outputsJson({ spaced: 'two words', list: ['a'], clash: 'x/y', clash_map: { 'x-y': 'x-y' } }),
    );
    const oddRefusal = (output: string, more: string[] = []) => {
      try {
        renderExternalSecrets(
          odd,
          config([output, ...more].map((o) => ({ output: o, shape: 'whole' as const }))),
          names,
        );
        return 'rendered';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(oddRefusal('spaced')).toMatch(/which is not a secret reference\./);
    expect(oddRefusal('spaced')).not.toContain('two words');
    expect(oddRefusal('list')).toMatch(/which is neither a string nor a map of strings/);
    expect(oddRefusal('clash_map', ['clash_map'])).toMatch(
      /clash_map\["x-y"\] and clash_map\["x-y"\] both give the ExternalSecret name 'x-y'/,
    );
  });
});

describe('the hand-off configuration (facts-external-secrets, facts-secret-store)', () => {
  const read = (inputs: Record<string, string>) => {
    const reader = new InputReader((name) => inputs[name] ?? '');
    const config = readExternalSecretsConfig(reader, 'facts/platform/production.yaml');
    return { config, problems: reader.problems.map((p) => p.message) };
  };

  it('is off when no output is listed', () => {
    expect(read({})).toEqual({ config: undefined, problems: [] });
  });

  it('reads outputs with their shape, the store, and puts the manifests beside the facts', () => {
    expect(
      read({
        'facts-external-secrets': 'db_master_user_secret_arn:json,\nsecret_arns',
        'facts-secret-store': 'SecretStore/aws',
      }),
    ).toEqual({
      config: {
        sources: [
          { output: 'db_master_user_secret_arn', shape: 'json' },
          { output: 'secret_arns', shape: 'whole' },
        ],
        store: { kind: 'SecretStore', name: 'aws' },
        path: 'facts/platform/production.external-secrets.yaml',
      },
      problems: [],
    });
    expect(externalSecretsPath('values.json')).toBe('values.external-secrets.yaml');
    expect(externalSecretsPath('a.b/facts')).toBe('a.b/facts.external-secrets.yaml');
  });

  it('needs a store, a well-formed one, and outputs for it', () => {
    expect(read({ 'facts-external-secrets': 'secret_arns' }).problems).toEqual([
      "Input 'facts-secret-store' is required with 'facts-external-secrets': name the store External Secrets reads the secrets through, e.g. `facts-secret-store: ClusterSecretStore/aws-secrets-manager` (or `ClusterSecretStore/gcp-secret-manager`, `ClusterSecretStore/azure-key-vault`).",
    ]);
    expect(
      read({ 'facts-external-secrets': 'secret_arns', 'facts-secret-store': 'Vault/x' })
        .problems[0],
    ).toMatch(/^Input 'facts-secret-store'.*Vault\/x.*'ClusterSecretStore\/aws-secrets-manager'/);
    expect(read({ 'facts-secret-store': 'SecretStore/aws' }).problems[0]).toMatch(
      /'facts-secret-store' is set but 'facts-external-secrets' is empty/,
    );
    expect(
      read({ 'facts-external-secrets': 'a:yaml, b c', 'facts-secret-store': 'SecretStore/aws' })
        .problems,
    ).toHaveLength(2);
  });
});

describe('docs/facts.md', () => {
  it('shows the manifest Grape renders for the RDS master password, byte for byte', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'facts.md'), 'utf8');
    const shown = /and the facts commit adds `[^`]+`:\n\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    const arn = /key: (arn:aws:secretsmanager:\S+)/.exec(shown ?? '')?.[1];
    expect(arn).toBeDefined();
    const rendered = renderExternalSecrets(
      parseOutputs(outputsJson({ db_master_user_secret_arn: arn })),
      {
        sources: [{ output: 'db_master_user_secret_arn', shape: 'json' }],
        store: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
        path: 'clusters/prod/shop/facts.external-secrets.yaml',
      },
      { project: 'shop', environment: 'prod' },
    );
    expect(shown).toBe(rendered);
    expect(externalSecretProblems(shown!)).toEqual([]);
  });
});
