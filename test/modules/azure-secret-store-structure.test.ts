/**
 * modules/azure-secret-store's resources, as HCL: what the policies tests cannot see — that the
 * vault takes RBAC only with purge protection, that the assignments evaluated there are the ones
 * made (writers' before the secrets, readers' after), that the ids handed to External Secrets are
 * checked against the provider's, and that a value can reach neither the plan nor the state.
 */
import path from 'node:path';
import { modulesDir, parseDir, type Block } from './module-files.js';

const dir = path.join(modulesDir, 'azure-secret-store');
const named = (blocks: Block[] | undefined, name = 'this'): Block =>
  ((blocks?.find((b) => name in b)?.[name] as Block[] | undefined) ?? [])[0] ?? {};
const first = (value: unknown): Block => ((value as Block[] | undefined) ?? [])[0] ?? {};

describe('modules/azure-secret-store resources', () => {
  let parsed: Awaited<ReturnType<typeof parseDir>>;
  let resource: Record<string, Block[]>;
  beforeAll(async () => {
    parsed = await parseDir(dir);
    resource = parsed['resource'] ?? {};
  });

  it('creates a vault with RBAC authorization, purge protection and soft delete', () => {
    const vault = named(resource['azurerm_key_vault']);
    expect(vault).toMatchObject({
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: '${var.soft_delete_retention_days}',
    });
    expect(Object.keys(vault)).not.toContain('access_policy');
    expect(resource['azurerm_key_vault_access_policy']).toBeUndefined();
  });

  it('makes the assignments policies.tf builds: writers first, readers once the secrets exist', () => {
    const assignments = resource['azurerm_role_assignment'];
    const writers = named(assignments, 'writers');
    const readers = named(assignments, 'readers');
    expect(writers['for_each']).toBe(
      '${{ for key, a in local.writer_assignments : key => a if var.create }}',
    );
    expect(readers['for_each']).toBe(
      '${{ for key, a in local.access_assignments : key => a if var.create }}',
    );
    for (const a of [writers, readers])
      expect(a).toMatchObject({
        scope: '${each.value.scope}',
        role_definition_name: '${each.value.role_definition_name}',
        principal_id: '${each.value.principal_id}',
      });
    expect(named(resource['azurerm_key_vault_secret'])['depends_on']).toEqual([
      '${azurerm_role_assignment.writers}',
    ]);
    expect(readers['depends_on']).toEqual([
      '${azurerm_key_vault_secret.this}',
      '${azurerm_key_vault_key.this}',
    ]);
  });

  it('checks at apply that the id handed to External Secrets is the provider’s versionless id', () => {
    const secret = named(resource['azurerm_key_vault_secret']);
    expect(first(first(secret['lifecycle'])['postcondition'])['condition']).toBe(
      '${self.versionless_id == local.secret_ids[each.key]}',
    );
    expect(first(parsed['output']?.['secret_ids'])['value']).toBe(
      '${{ for name, s in azurerm_key_vault_secret.this : name => local.secret_ids[name] }}',
    );
  });

  it('writes values only through an ephemeral resource, an ephemeral variable and a write-only argument', () => {
    const secret = named(resource['azurerm_key_vault_secret']);
    expect(secret['value_wo']).toBe('${local.values[each.key]}');
    expect(secret['value_wo_version']).toBe('${each.value.value_version}');
    expect(Object.keys(secret)).not.toContain('value');
    expect(Object.keys(parsed['ephemeral'] ?? {})).toEqual(['random_password']);
    expect(first(parsed['variable']?.['secret_values'])).toMatchObject({
      sensitive: true,
      ephemeral: true,
    });
    // Neither a stateful random value nor a data source reading a value back.
    expect(Object.keys(resource)).not.toContain('random_password');
    expect(Object.keys(parsed['data'] ?? {})).not.toContain('azurerm_key_vault_secret');
  });

  it('creates a rotating wrap/unwrap key only when asked', () => {
    const key = named(resource['azurerm_key_vault_key']);
    expect(key).toMatchObject({
      count: '${var.create && var.create_key ? 1 : 0}',
      key_opts: ['wrapKey', 'unwrapKey'],
    });
    expect(first(first(key['rotation_policy'])['automatic'])['time_after_creation']).toBe(
      'P${var.key_rotation_period_in_days}D',
    );
  });
});
