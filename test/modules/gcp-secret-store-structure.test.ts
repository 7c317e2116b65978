/**
 * modules/gcp-secret-store's resources, as HCL: what the policies tests cannot see — that the
 * bindings evaluated there are the ones set (authoritatively on each secret), that every secret is
 * encrypted with the module's key, that the ids handed to External Secrets are checked against
 * the provider's, and that a value can reach neither the plan nor the state.
 */
import path from 'node:path';
import { modulesDir, parseDir, type Block } from './module-files.js';

const dir = path.join(modulesDir, 'gcp-secret-store');
const one = (blocks: Block[] | undefined, name = 'this'): Block =>
  ((blocks?.[0]?.[name] as Block[] | undefined) ?? [])[0] ?? {};
const first = (value: unknown): Block => ((value as Block[] | undefined) ?? [])[0] ?? {};

describe('modules/gcp-secret-store resources', () => {
  let parsed: Awaited<ReturnType<typeof parseDir>>;
  let resource: Record<string, Block[]>;
  beforeAll(async () => {
    parsed = await parseDir(dir);
    resource = parsed['resource'] ?? {};
  });

  it('creates a rotating encryption key in the secrets’ location', () => {
    expect(one(resource['google_kms_key_ring'])).toMatchObject({ location: '${var.location}' });
    expect(one(resource['google_kms_crypto_key'])).toMatchObject({
      purpose: 'ENCRYPT_DECRYPT',
      rotation_period: '${var.kms_key_rotation_period_in_days * 86400}s',
      count: '${var.create && var.create_kms_key ? 1 : 0}',
    });
  });

  it('grants the key (created or given) to Secret Manager’s service agent, as policies.tf says', () => {
    expect(one(resource['google_kms_crypto_key_iam_member'])).toEqual({
      count: '${var.create ? 1 : 0}',
      crypto_key_id: '${local.kms_key_id}',
      role: '${local.key_binding.role}',
      member: '${local.key_binding.member}',
    });
  });

  it('names every secret after its environment and replicates it only where the key is', () => {
    const secret = one(resource['google_secret_manager_secret']);
    expect(secret['secret_id']).toBe('${local.secret_names[each.key]}');
    const replica = first(first(first(secret['replication'])['user_managed'])['replicas']);
    expect(replica).toEqual({
      location: '${var.location}',
      customer_managed_encryption: [{ kms_key_name: '${local.kms_key_id}' }],
    });
    expect(secret['depends_on']).toEqual(['${google_kms_crypto_key_iam_member.this}']);
  });

  it('checks at apply that the id handed to External Secrets is the provider’s id', () => {
    const postcondition = first(
      first(one(resource['google_secret_manager_secret'])['lifecycle'])['postcondition'],
    );
    expect(postcondition['condition']).toBe('${self.id == local.secret_ids[each.key]}');
    const { output = {} } = parsed;
    expect(first(output['secret_ids'])['value']).toBe(
      '${{ for name, s in google_secret_manager_secret.this : name => local.secret_ids[name] }}',
    );
  });

  it('binds secretAccessor authoritatively on each secret, from policies.tf', () => {
    expect(one(resource['google_secret_manager_secret_iam_binding'])).toMatchObject({
      for_each: '${{ for name, b in local.secret_bindings : name => b if var.create }}',
      role: '${each.value.role}',
      members: '${each.value.members}',
    });
    // No additive grant on a secret that would escape the evaluated bindings.
    expect(
      Object.keys(resource).filter((t) => /secret_manager_secret_iam_(member|policy)/.test(t)),
    ).toEqual([]);
  });

  it('writes values only through an ephemeral resource, an ephemeral variable and a write-only argument', () => {
    const version = one(resource['google_secret_manager_secret_version']);
    expect(Object.keys(version).sort()).toEqual([
      'for_each',
      'secret',
      'secret_data_wo',
      'secret_data_wo_version',
    ]);
    expect(version['secret_data_wo']).toBe('${local.values[each.key]}');
    expect(Object.keys(parsed['ephemeral'] ?? {})).toEqual(['random_password']);
    expect(first(parsed['variable']?.['secret_values'])).toMatchObject({
      sensitive: true,
      ephemeral: true,
    });
  });

  it('has no resource or data source that would keep a value in state', () => {
    const types = [...Object.keys(resource), ...Object.keys(parsed['data'] ?? {})];
    for (const stateful of [
      'random_password',
      'random_string',
      'google_secret_manager_secret_version_access',
    ])
      expect(types).not.toContain(stateful);
    expect(JSON.stringify(parsed)).not.toMatch(/"secret_data"/);
  });
});
