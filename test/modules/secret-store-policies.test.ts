import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';
import { ALLOW_ALL, decideOnResource } from './resource-policy.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const READER = `arn:aws:iam::${ACCOUNT}:role/eks/external-secrets`;
const WRITER = `arn:aws:iam::${ACCOUNT}:role/grape/grape-deploy`;
const OTHER = `arn:aws:iam::${ACCOUNT}:role/app/web`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:production/api/jwt-secret-AbCdEf`;

/** main.tf resolves these through the AWS provider's data sources; this stands in for them. */
const stub = `locals {\n  account_id = "${ACCOUNT}"\n  partition  = "aws"\n  region     = "${REGION}"\n}\n`;
const files = ['variables.tf', 'policies.tf'];
const base = {
  environment: 'production',
  secrets: { 'api/jwt-secret': { generate: true } },
  reader_role_arns: [READER],
  writer_role_arns: [WRITER],
};

const policy = (local: string, vars: Record<string, unknown> = {}) =>
  evaluateOrThrow('secret-store', local, { ...base, ...vars }, stub, files);

const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` };

describe('secret-store key policy: only the named roles use the key', () => {
  const keyPolicy = policy('key_policy');
  const decide = (
    principal: string,
    action: string,
    identityPolicy: unknown = ALLOW_ALL,
    context: Record<string, string> = viaSecretsManager,
    resourcePolicy: unknown = keyPolicy,
  ) =>
    decideOnResource({
      principal,
      action,
      resource: KEY_ARN,
      resourceAccount: ACCOUNT,
      resourcePolicy,
      identityPolicy,
      context,
    });

  it('lets the reader decrypt through Secrets Manager, even with no identity policy of its own', async () => {
    expect(await decide(READER, 'kms:Decrypt', undefined)).toBe('Allowed');
  });

  it('lets the writer encrypt and decrypt through Secrets Manager', async () => {
    expect(await decide(WRITER, 'kms:GenerateDataKey', undefined)).toBe('Allowed');
    expect(await decide(WRITER, 'kms:Decrypt', undefined)).toBe('Allowed');
  });

  it('refuses the reader outside Secrets Manager (a direct kms:Decrypt call)', async () => {
    expect(await decide(READER, 'kms:Decrypt', undefined, {})).toBe('ImplicitlyDenied');
    expect(
      await decide(READER, 'kms:Decrypt', undefined, {
        'kms:ViaService': `secretsmanager.us-east-1.amazonaws.com`,
      }),
    ).toBe('ImplicitlyDenied');
  });

  it('refuses the reader encryption (it cannot write values)', async () => {
    expect(await decide(READER, 'kms:GenerateDataKey', undefined)).toBe('ImplicitlyDenied');
  });

  it('refuses another role of the account even when its IAM policy allows everything', async () => {
    expect(await decide(OTHER, 'kms:Decrypt')).toBe('ImplicitlyDenied');
    expect(await decide(OTHER, 'kms:GenerateDataKey')).toBe('ImplicitlyDenied');
  });

  it('refuses a role of another account', async () => {
    expect(await decide('arn:aws:iam::999988887777:role/eks/external-secrets', 'kms:Decrypt')).toBe(
      'ImplicitlyDenied',
    );
  });

  it('lets a named reader of another account decrypt (its own IAM policy allowing it)', async () => {
    // AWS also requires the remote account's IAM policy; the simulator does not model that half.
    const remote = 'arn:aws:iam::999988887777:role/eks/external-secrets';
    const named = policy('key_policy', { reader_role_arns: [READER, remote] });
    expect(await decide(remote, 'kms:Decrypt', ALLOW_ALL, viaSecretsManager, named)).toBe(
      'Allowed',
    );
    expect(await decide(remote, 'kms:Decrypt', ALLOW_ALL)).toBe('ImplicitlyDenied');
  });

  it('lets the account administer the key (through IAM) but not use it, by default', async () => {
    expect(await decide(OTHER, 'kms:PutKeyPolicy')).toBe('Allowed');
    expect(await decide(OTHER, 'kms:ScheduleKeyDeletion')).toBe('Allowed');
    expect(await decide(OTHER, 'kms:CreateGrant')).toBe('ImplicitlyDenied');
  });

  it('gives administration to the named administrators only, and no use of the key', async () => {
    const named = policy('key_policy', { key_administrator_arns: [ADMIN] });
    expect(await decide(ADMIN, 'kms:PutKeyPolicy', undefined, {}, named)).toBe('Allowed');
    expect(await decide(ADMIN, 'kms:Decrypt', ALLOW_ALL, viaSecretsManager, named)).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide(OTHER, 'kms:PutKeyPolicy', ALLOW_ALL, {}, named)).toBe('ImplicitlyDenied');
  });
});

describe('secret-store resource policy: only the named roles read the value', () => {
  const secretPolicy = policy('secret_policy');
  const decide = (principal: string, action: string, identityPolicy?: unknown) =>
    decideOnResource({
      principal,
      action,
      resource: SECRET_ARN,
      resourceAccount: ACCOUNT,
      resourcePolicy: secretPolicy,
      identityPolicy,
      // AWS sets aws:PrincipalArn on every request (the role's ARN for its sessions); the
      // simulator needs it given.
      context: { 'aws:PrincipalArn': principal },
    });

  it('lets the reader read, by the resource policy alone', async () => {
    expect(await decide(READER, 'secretsmanager:GetSecretValue')).toBe('Allowed');
    expect(await decide(READER, 'secretsmanager:DescribeSecret')).toBe('Allowed');
  });

  it('does not let the reader write', async () => {
    expect(await decide(READER, 'secretsmanager:PutSecretValue')).toBe('ImplicitlyDenied');
  });

  it('lets the writer read back what its IAM policy allows (Terraform refreshes versions)', async () => {
    expect(await decide(WRITER, 'secretsmanager:GetSecretValue', ALLOW_ALL)).toBe('Allowed');
    expect(await decide(WRITER, 'secretsmanager:PutSecretValue', ALLOW_ALL)).toBe('Allowed');
  });

  it('denies another role of the account, explicitly, even when its IAM policy allows everything', async () => {
    expect(await decide(OTHER, 'secretsmanager:GetSecretValue', ALLOW_ALL)).toBe(
      'ExplicitlyDenied',
    );
    expect(await decide(OTHER, 'secretsmanager:GetSecretValue')).toBe('ExplicitlyDenied');
  });

  it('denies a role of another account', async () => {
    expect(
      await decide(
        'arn:aws:iam::999988887777:role/eks/external-secrets',
        'secretsmanager:GetSecretValue',
        ALLOW_ALL,
      ),
    ).toBe('ExplicitlyDenied');
  });
});

describe('secret-store variable validation (real Terraform)', () => {
  const error = (vars: Record<string, unknown>) => {
    const result = evaluateLocal('secret-store', 'key_policy', { ...base, ...vars }, stub, files);
    return result.ok ? 'accepted' : result.error.replace(/\s+/g, ' ');
  };

  it('accepts the documented shapes', () => {
    expect(error({})).toBe('accepted');
    expect(
      error({
        create_kms_key: false,
        kms_key_arn: KEY_ARN,
        secrets: { 'smtp/password': {}, 'postgres/app-password': { generate: true, length: 48 } },
      }),
    ).toBe('accepted');
  });

  it.each([
    ['a wildcard', 'arn:aws:iam::111122223333:role/*'],
    ['the account root', 'arn:aws:iam::111122223333:root'],
    ['a bare role name', 'external-secrets'],
  ])('refuses %s as a reader', (_what, arn) => {
    expect(error({ reader_role_arns: [arn] })).toMatch(
      /Name at least one reader, each a full IAM role ARN without wildcards/,
    );
  });

  it('refuses a store with no reader or no writer', () => {
    expect(error({ reader_role_arns: [] })).toMatch(/Name at least one reader/);
    expect(error({ writer_role_arns: [] })).toMatch(/Name at least one writer/);
  });

  it('refuses an existing key without its ARN, an alias for it, or an ARN with a created key', () => {
    const message = /Give kms_key_arn \(a key ARN, not an alias/;
    expect(error({ create_kms_key: false })).toMatch(message);
    expect(
      error({ create_kms_key: false, kms_key_arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/x` }),
    ).toMatch(message);
    expect(error({ kms_key_arn: KEY_ARN })).toMatch(message);
  });

  it('refuses bad environments, secret names, lengths and recovery windows', () => {
    expect(error({ environment: 'Prod' })).toMatch(/The environment must be 2-32 lowercase/);
    expect(error({ secrets: { '/api': {} } })).toMatch(/Each secret name must be/);
    expect(error({ secrets: { 'a b': {} } })).toMatch(/Each secret name must be/);
    expect(error({ secrets: { a: { generate: true, length: 8 } } })).toMatch(
      /length must be from 16 to 4096/,
    );
    expect(error({ secrets: { a: { recovery_window_in_days: 3 } } })).toMatch(
      /recovery_window_in_days must be 0/,
    );
    expect(error({ secrets: { a: { value_version: 0 } } })).toMatch(/value_version must be/);
    expect(error({ kms_key_alias: 'aws/secrets' })).toMatch(/must be 1-250 characters/);
  });
});
