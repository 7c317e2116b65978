/**
 * modules/azure-secret-store's role assignments, evaluated with the real Terraform binary
 * (policies.tf is provider-free) and run through an Azure RBAC evaluator: the named readers read
 * their secrets and nothing else, the writers manage them, the key's users wrap and unwrap only,
 * nobody else reaches anything; and the variables refuse what would widen that.
 */
import { azureAllows, type RoleAssignment } from './azure-rbac.js';
import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';

const VAULT_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform-prod/providers/Microsoft.KeyVault/vaults/acme-prod-kv';
const VAULT_URI = 'https://acme-prod-kv.vault.azure.net/';
const READER = '5a0b2c3d-1e2f-4a5b-8c9d-0e1f2a3b4c5d';
const WRITER = 'c0ffee00-1111-4222-8333-444455556666';
const KEY_USER = '9f8e7d6c-5b4a-4392-8172-6f5e4d3c2b1a';
const OTHER = '0d0d0d0d-2222-4333-8444-555566667777';

/** main.tf resolves these from the vault it creates. */
const stub = `locals {
  vault_id  = "${VAULT_ID}"
  vault_uri = "${VAULT_URI}"
  test_view = {
    secret_ids  = local.secret_ids
    assignments = concat(values(local.writer_assignments), values(local.access_assignments))
  }
}
`;
const files = ['variables.tf', 'policies.tf'];
const base = {
  name: 'acme-prod-kv',
  resource_group_name: 'rg-platform-prod',
  location: 'westeurope',
  tenant_id: '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  environment: 'production',
  secrets: { 'postgres-admin-password': { generate: true }, 'smtp-password': { given: true } },
  reader_principal_ids: [READER],
  writer_principal_ids: [WRITER],
};

interface View {
  secret_ids: Record<string, string>;
  assignments: RoleAssignment[];
}
const view = (vars: Record<string, unknown> = {}) =>
  evaluateOrThrow('azure-secret-store', 'test_view', { ...base, ...vars }, stub, files) as View;

const GET = 'Microsoft.KeyVault/vaults/secrets/getSecret/action';
const SET = 'Microsoft.KeyVault/vaults/secrets/setSecret/action';
const WRAP = 'Microsoft.KeyVault/vaults/keys/wrap/action';
const UNWRAP = 'Microsoft.KeyVault/vaults/keys/unwrap/action';
const DECRYPT = 'Microsoft.KeyVault/vaults/keys/decrypt/action';
const secretScope = (name: string) => `${VAULT_ID}/secrets/${name}`;
const KEY_SCOPE = `${VAULT_ID}/keys/production-cmk`;

describe('azure-secret-store assignments: only the named principals read the values', () => {
  const { secret_ids: ids, assignments } = view();
  const allows = (principal: string, action: string, resource: string) =>
    azureAllows(assignments, principal, action, resource);

  it('names every secret after its environment, in the vault', () => {
    expect(ids).toEqual({
      'postgres-admin-password': `${VAULT_URI}secrets/production-postgres-admin-password`,
      'smtp-password': `${VAULT_URI}secrets/production-smtp-password`,
    });
  });

  it('lets the reader read each secret of the module, and no other secret of the vault', () => {
    expect(allows(READER, GET, secretScope('production-postgres-admin-password'))).toBe(true);
    expect(allows(READER, GET, secretScope('production-smtp-password'))).toBe(true);
    expect(allows(READER, GET, secretScope('production-other'))).toBe(false);
    expect(allows(READER, GET, secretScope('production-postgres-admin-password-2'))).toBe(false);
  });

  it('does not let the reader write', () => {
    expect(allows(READER, SET, secretScope('production-smtp-password'))).toBe(false);
  });

  it('lets the writer write and read back every secret of the vault', () => {
    expect(allows(WRITER, SET, secretScope('production-smtp-password'))).toBe(true);
    expect(allows(WRITER, GET, secretScope('production-other'))).toBe(true);
  });

  it('refuses any other principal', () => {
    expect(allows(OTHER, GET, secretScope('production-postgres-admin-password'))).toBe(false);
    expect(allows(OTHER, SET, secretScope('production-postgres-admin-password'))).toBe(false);
  });

  it('assigns nothing above the vault, and nothing on keys without a created key', () => {
    expect(
      assignments.every((a) => a.scope === VAULT_ID || a.scope.startsWith(`${VAULT_ID}/`)),
    ).toBe(true);
    expect(assignments.map((a) => a.role_definition_name).sort()).toEqual([
      'Key Vault Secrets Officer',
      'Key Vault Secrets User',
      'Key Vault Secrets User',
    ]);
    expect(allows(WRITER, WRAP, KEY_SCOPE)).toBe(false);
  });
});

describe('azure-secret-store with a customer-managed key', () => {
  const { assignments } = view({ create_key: true, key_user_principal_ids: [KEY_USER] });
  const allows = (principal: string, action: string, resource: string) =>
    azureAllows(assignments, principal, action, resource);

  it('lets the key user wrap and unwrap with the key, and do nothing else', () => {
    expect(allows(KEY_USER, WRAP, KEY_SCOPE)).toBe(true);
    expect(allows(KEY_USER, UNWRAP, KEY_SCOPE)).toBe(true);
    expect(allows(KEY_USER, DECRYPT, KEY_SCOPE)).toBe(false);
    expect(allows(KEY_USER, WRAP, `${VAULT_ID}/keys/other`)).toBe(false);
    expect(allows(KEY_USER, GET, secretScope('production-postgres-admin-password'))).toBe(false);
  });

  it('lets the writer create and rotate the key, and nobody else use it', () => {
    expect(allows(WRITER, 'Microsoft.KeyVault/vaults/keys/create/action', KEY_SCOPE)).toBe(true);
    expect(allows(READER, UNWRAP, KEY_SCOPE)).toBe(false);
    expect(allows(OTHER, UNWRAP, KEY_SCOPE)).toBe(false);
  });

  it('assigns each principal once, whatever repeats the lists hold', () => {
    const repeated = view({
      reader_principal_ids: [READER, READER],
      writer_principal_ids: [WRITER, WRITER],
      create_key: true,
      key_user_principal_ids: [KEY_USER, KEY_USER],
    }).assignments;
    expect(repeated).toHaveLength(assignments.length);
  });
});

describe('azure-secret-store variable validation (real Terraform)', () => {
  const error = (vars: Record<string, unknown>) => {
    const result = evaluateLocal(
      'azure-secret-store',
      'test_view',
      { ...base, ...vars },
      stub,
      files,
    );
    return result.ok ? 'accepted' : result.error.replace(/\s+/g, ' ');
  };

  it('accepts the documented shapes', () => {
    expect(error({})).toBe('accepted');
    expect(
      error({ sku_name: 'premium', create_key: true, key_user_principal_ids: [KEY_USER] }),
    ).toBe('accepted');
  });

  it('refuses a store with no reader or no writer, or ids that are not object ids', () => {
    expect(error({ reader_principal_ids: [] })).toMatch(/Name at least one reader/);
    expect(error({ writer_principal_ids: [] })).toMatch(/Name at least one writer/);
    expect(error({ reader_principal_ids: ['external-secrets'] })).toMatch(
      /Name at least one reader, each the object \(principal\) id/,
    );
    expect(error({ key_user_principal_ids: ['*'] })).toMatch(/Each key user must be the object/);
  });

  it('refuses a secret that would be created empty, or both generated and given', () => {
    const message =
      /either generated \(generate = true\) or given \(given = true, its value in secret_values\): a Key Vault secret cannot be created empty/;
    expect(error({ secrets: { a: {} } })).toMatch(message);
    expect(error({ secrets: { a: { generate: true, given: true } } })).toMatch(message);
  });

  it('refuses bad vault names, tenants, names, retention and rotation', () => {
    expect(error({ name: 'acme--kv' })).toMatch(/The vault name must be 3-24/);
    expect(error({ name: 'a-vault-name-longer-than-24' })).toMatch(/The vault name must be 3-24/);
    expect(error({ tenant_id: 'acme.onmicrosoft.com' })).toMatch(
      /The tenant id must be a lower-case GUID/,
    );
    expect(error({ secrets: { db_password: { generate: true } } })).toMatch(
      /Each secret name must be 1-94 letters, digits or hyphens/,
    );
    expect(error({ soft_delete_retention_days: 3 })).toMatch(/soft-delete retention must be/);
    expect(error({ key_rotation_period_in_days: 7 })).toMatch(/key rotation period must be/);
    expect(error({ sku_name: 'free' })).toMatch(/The SKU must be "standard" or "premium"/);
  });
});
