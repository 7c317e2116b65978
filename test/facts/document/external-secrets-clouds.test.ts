/**
 * The secrets hand-off on Google Cloud and Azure: outputs holding Google Secret Manager secrets
 * (`google_secret_manager_secret.id`) or Azure Key Vault secret ids (`azurerm_key_vault_secret.id`
 * / `versionless_id`) become ExternalSecrets with the remoteRef the operator's `gcpsm` and
 * `azurekv` providers expect, valid against the vendored external-secrets CRD schema; references
 * only — a sensitive output is still refused without its value being read.
 */
import { parseAllDocuments } from 'yaml';
import type { ExternalSecretsConfig } from '../../../src/config/facts/external-secrets-config.js';
import { renderExternalSecrets } from '../../../src/facts/document/render-external-secrets.js';
import { parseSecretReference } from '../../../src/facts/document/secret-reference.js';
import { parseOutputs } from '../../../src/facts/document/parse-outputs.js';
import { externalSecretProblems } from '../external-secret-schema.js';
import { outputsJson } from '../facts-helpers.js';

const CANARY = 'canary-Q7!never-in-git';
const names = { project: 'platform', environment: 'production' };
const render = (
  facts: Record<string, unknown>,
  sources: ExternalSecretsConfig['sources'],
  store: ExternalSecretsConfig['store'],
): string =>
  renderExternalSecrets(
    parseOutputs(outputsJson(facts, { db_password: CANARY })),
    { sources, store, path: 'facts/platform/production.external-secrets.yaml' },
    names,
  );
const specs = (text: string) =>
  parseAllDocuments(text).map((d) => (d.toJS() as { spec: Record<string, unknown> }).spec);

describe('Google Secret Manager references', () => {
  const text = render(
    {
      db_secret_id: 'projects/acme-prod/secrets/db-password',
      secret_ids: {
        'api-key': 'projects/acme-prod/secrets/api-key/versions/3',
        'jwt-secret': 'projects/acme-prod/secrets/jwt-secret/versions/latest',
      },
    },
    [
      { output: 'db_secret_id', shape: 'whole' },
      { output: 'secret_ids', shape: 'json' },
    ],
    { kind: 'ClusterSecretStore', name: 'gcp-secret-manager' },
  );

  it('renders documents the external-secrets CRD schema accepts', () => {
    expect(externalSecretProblems(text)).toEqual([]);
  });

  it('points at the secret by its name in the store’s project, with the version when pinned', () => {
    const [apiKey, db, jwt] = specs(text);
    expect(db).toMatchObject({
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'gcp-secret-manager' },
      data: [{ secretKey: 'value', remoteRef: { key: 'db-password' } }],
    });
    expect(apiKey).toMatchObject({ dataFrom: [{ extract: { key: 'api-key', version: '3' } }] });
    expect(jwt).toMatchObject({
      dataFrom: [{ extract: { key: 'jwt-secret', version: 'latest' } }],
    });
    expect(text).not.toContain(CANARY);
  });
});

describe('Azure Key Vault references', () => {
  const text = render(
    {
      db_password_secret_id: 'https://acme-prod-kv.vault.azure.net/secrets/db-password',
      api_key_secret_id:
        'https://acme-prod-kv.vault.azure.net/secrets/api-key/0123456789abcdef0123456789abcdef',
    },
    [
      { output: 'db_password_secret_id', shape: 'whole' },
      { output: 'api_key_secret_id', shape: 'whole' },
    ],
    { kind: 'SecretStore', name: 'azure-key-vault' },
  );

  it('renders documents the external-secrets CRD schema accepts', () => {
    expect(externalSecretProblems(text)).toEqual([]);
  });

  it('names each ExternalSecret after its output, without the `_secret_id` suffix', () => {
    expect(
      parseAllDocuments(text).map(
        (d) => (d.toJS() as { metadata: { name: string } }).metadata.name,
      ),
    ).toEqual(['api-key', 'db-password']);
  });

  it('points at `secret/<name>`, with the version when the id pins one', () => {
    const [apiKey, db] = specs(text);
    expect(db).toMatchObject({
      secretStoreRef: { kind: 'SecretStore', name: 'azure-key-vault' },
      data: [{ secretKey: 'value', remoteRef: { key: 'secret/db-password' } }],
    });
    expect(apiKey).toMatchObject({
      data: [
        {
          remoteRef: { key: 'secret/api-key', version: '0123456789abcdef0123456789abcdef' },
        },
      ],
    });
  });
});

describe('what is and is not a reference', () => {
  it.each([
    ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-5f3c-AbCdEf', 'aws'],
    ['production/smtp/password', 'aws'],
    ['projects/acme-prod/secrets/db-password', 'gcp'],
    ['https://acme-kv.vault.azure.net/secrets/db-password', 'azure'],
    ['https://acme-kv.vault.azure.cn/secrets/db-password/', 'azure'],
  ])('%s is a %s reference', (value, cloud) => {
    expect(parseSecretReference(value)?.cloud).toBe(cloud);
  });

  it.each([
    ['a Key Vault id on another host', 'https://evil.example.com/secrets/db-password'],
    ['a Key Vault key, not a secret', 'https://acme-kv.vault.azure.net/keys/signing'],
    ['a value with spaces', 'not a reference'],
  ])('refuses %s', (_what, value) => {
    expect(parseSecretReference(value)).toBeUndefined();
  });

  it('still refuses a sensitive output naming it, without reading its value', () => {
    expect(() =>
      render({}, [{ output: 'db_password', shape: 'whole' }], {
        kind: 'ClusterSecretStore',
        name: 'gcp-secret-manager',
      }),
    ).toThrow(/names output 'db_password', which is sensitive/);
  });
});
