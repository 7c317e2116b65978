/**
 * modules/secret-store's resources, as HCL: what the policies tests cannot see — that the policies
 * are the ones attached, that every secret uses the module's key, and that a generated value can
 * reach neither the plan nor the state (ephemeral resource + write-only argument only).
 */
import path from 'node:path';
import { modulesDir, parseDir, type Block } from './module-files.js';

const dir = path.join(modulesDir, 'secret-store');
const one = (blocks: Block[] | undefined, name = 'this'): Block =>
  ((blocks?.[0]?.[name] as Block[] | undefined) ?? [])[0] ?? {};

describe('modules/secret-store resources', () => {
  let resource: Record<string, Block[]>;
  let ephemeral: Record<string, Block[]>;
  beforeAll(async () => {
    const parsed = await parseDir(dir);
    resource = parsed['resource'] ?? {};
    ephemeral = parsed['ephemeral'] ?? {};
  });

  it('creates a rotating key with this module key policy, and an alias', () => {
    const key = one(resource['aws_kms_key']);
    expect(key).toMatchObject({
      enable_key_rotation: true,
      policy: '${jsonencode(local.key_policy)}',
      count: '${var.create && var.create_kms_key ? 1 : 0}',
    });
    expect(one(resource['aws_kms_alias'])['name']).toBe(
      'alias/${coalesce(var.kms_key_alias, "${var.environment}/secrets")}',
    );
  });

  it('names every secret after its environment and encrypts it with the key (created or given)', () => {
    expect(one(resource['aws_secretsmanager_secret'])).toMatchObject({
      name: '${var.environment}/${each.key}',
      kms_key_id: '${local.kms_key_arn}',
    });
  });

  it('attaches the deny-everyone-else resource policy to every secret, public policies blocked', () => {
    expect(one(resource['aws_secretsmanager_secret_policy'])).toEqual({
      for_each: '${aws_secretsmanager_secret.this}',
      secret_arn: '${each.value.arn}',
      policy: '${jsonencode(local.secret_policy)}',
      block_public_policy: true,
    });
  });

  it('writes generated values only through an ephemeral resource and a write-only argument', () => {
    const version = one(resource['aws_secretsmanager_secret_version']);
    expect(Object.keys(version).sort()).toEqual([
      'for_each',
      'secret_id',
      'secret_string_wo',
      'secret_string_wo_version',
    ]);
    expect(version['secret_string_wo']).toBe(
      '${ephemeral.aws_secretsmanager_random_password.this[each.key].random_password}',
    );
    expect(Object.keys(ephemeral)).toEqual(['aws_secretsmanager_random_password']);
  });

  it('has no resource or data source that would keep a generated value in state', async () => {
    const parsed = await parseDir(dir);
    const types = [...Object.keys(parsed['resource'] ?? {}), ...Object.keys(parsed['data'] ?? {})];
    for (const stateful of [
      'random_password',
      'random_string',
      'aws_secretsmanager_random_password',
    ])
      expect(types).not.toContain(stateful);
    expect(JSON.stringify(parsed)).not.toMatch(/"secret_string"|"secret_binary"/);
  });
});
