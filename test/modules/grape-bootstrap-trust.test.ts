import { decide } from './iam.js';
import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';

const RUNNER = 'arn:aws:iam::111122223333:role/grape-runner';
const RUNNER_SESSION = 'arn:aws:sts::111122223333:assumed-role/grape-runner/dep_01HZX';
const EXTERNAL_ID = 'grape-3f9c2a7e5b1d4e08a6c1';

const vars = (overrides: Record<string, unknown> = {}) => ({
  trusted_principal_arns: [RUNNER],
  external_id: EXTERNAL_ID,
  ...overrides,
});

/** The trust policy exactly as the module builds it, evaluated by Terraform. */
const policy = evaluateOrThrow('grape-bootstrap', 'trust_policy', vars());

describe('grape-bootstrap trust policy (built by Terraform, judged by iam-simulate)', () => {
  it("lets Grape's runner session assume the role with the tenant's ExternalId", async () => {
    expect(
      await decide(policy, RUNNER_SESSION, 'sts:AssumeRole', { 'sts:ExternalId': EXTERNAL_ID }),
    ).toBe('Allowed');
  });

  it('refuses a wrong ExternalId (another tenant pointing Grape at this account)', async () => {
    expect(
      await decide(policy, RUNNER_SESSION, 'sts:AssumeRole', {
        'sts:ExternalId': 'grape-other-tenant',
      }),
    ).toBe('ImplicitlyDenied');
  });

  it('refuses a missing ExternalId', async () => {
    expect(await decide(policy, RUNNER_SESSION, 'sts:AssumeRole')).toBe('ImplicitlyDenied');
  });

  it('refuses an ExternalId that differs only in case', async () => {
    expect(
      await decide(policy, RUNNER_SESSION, 'sts:AssumeRole', {
        'sts:ExternalId': EXTERNAL_ID.toUpperCase(),
      }),
    ).toBe('ImplicitlyDenied');
  });

  it("refuses another role of Grape's account, even with the right ExternalId", async () => {
    const other = 'arn:aws:sts::111122223333:assumed-role/something-else/s';
    expect(await decide(policy, other, 'sts:AssumeRole', { 'sts:ExternalId': EXTERNAL_ID })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('refuses a same-named role in another account, even with the right ExternalId', async () => {
    const impostor = 'arn:aws:sts::999988887777:assumed-role/grape-runner/s';
    expect(
      await decide(policy, impostor, 'sts:AssumeRole', { 'sts:ExternalId': EXTERNAL_ID }),
    ).toBe('ImplicitlyDenied');
  });

  it('lets the runner tag the session and set its SourceIdentity (the deployment id)', async () => {
    expect(await decide(policy, RUNNER_SESSION, 'sts:TagSession')).toBe('Allowed');
    expect(
      await decide(policy, RUNNER_SESSION, 'sts:SetSourceIdentity', {
        'sts:SourceIdentity': 'dep_01HZX',
      }),
    ).toBe('Allowed');
  });

  it('lets no one else tag sessions or set a SourceIdentity', async () => {
    const impostor = 'arn:aws:sts::999988887777:assumed-role/grape-runner/s';
    expect(await decide(policy, impostor, 'sts:TagSession')).toBe('ImplicitlyDenied');
    expect(await decide(policy, impostor, 'sts:SetSourceIdentity')).toBe('ImplicitlyDenied');
  });
});

describe('grape-bootstrap variable validation (real Terraform)', () => {
  const refused = (overrides: Record<string, unknown>) => {
    const result = evaluateLocal('grape-bootstrap', 'trust_policy', vars(overrides));
    return result.ok ? 'accepted' : result.error.replace(/\s+/g, ' ');
  };

  it.each([
    ['too short', 'a'],
    ['too long', 'a'.repeat(1225)],
    ['a space', 'grape tenant'],
    ['a character STS refuses', 'grape#1'],
  ])('refuses an ExternalId with %s', (_why, externalId) => {
    expect(refused({ external_id: externalId })).toMatch(
      /The ExternalId must be 2-1224 characters/,
    );
  });

  it.each([['ab'], ['a'.repeat(1224)], ['grape:tenant/1+x=y,z.w@q_-']])(
    'accepts the ExternalId %s',
    (externalId) => {
      expect(refused({ external_id: externalId })).toBe('accepted');
    },
  );

  it.each([
    ['*'],
    ['arn:aws:iam::*:role/grape-runner'],
    ['arn:aws:iam::1111:role/x'],
    ['111122223333'],
  ])('refuses the trusted principal %s', (arn) => {
    expect(refused({ trusted_principal_arns: [arn] })).toMatch(
      /Each trusted principal must be an IAM role/,
    );
  });

  it('refuses an empty list of trusted principals', () => {
    expect(refused({ trusted_principal_arns: [] })).toMatch(
      /At least one trusted principal ARN is required/,
    );
  });

  it.each([[900], [3599], [43201], [3600.5]])(
    'refuses a maximum session duration of %s',
    (seconds) => {
      expect(refused({ max_session_duration: seconds })).toMatch(
        /whole number of seconds from 3600 to 43200/,
      );
    },
  );

  it('refuses a permissions boundary that is not a policy ARN', () => {
    expect(refused({ permissions_boundary_arn: 'arn:aws:iam::111122223333:role/x' })).toMatch(
      /permissions boundary must be a managed policy ARN/,
    );
  });
});

describe('grape-bootstrap trust policy bound to a tenant (tenant_id)', () => {
  const bound = evaluateOrThrow('grape-bootstrap', 'trust_policy', vars({ tenant_id: 'ten_a' }));
  const tagged = (tenant: string) => ({
    'sts:ExternalId': EXTERNAL_ID,
    'aws:PrincipalTag/grape:tenant': tenant,
  });

  it("lets a runner session of the tenant's own hop-1 role (tagged grape:tenant=ten_a) in", async () => {
    expect(await decide(bound, RUNNER_SESSION, 'sts:AssumeRole', tagged('ten_a'))).toBe('Allowed');
  });

  it("refuses another tenant's hop-1 session, even with this tenant's ExternalId", async () => {
    expect(await decide(bound, RUNNER_SESSION, 'sts:AssumeRole', tagged('ten_b'))).toBe(
      'ImplicitlyDenied',
    );
  });

  it('refuses an untagged runner session with the right ExternalId', async () => {
    expect(
      await decide(bound, RUNNER_SESSION, 'sts:AssumeRole', { 'sts:ExternalId': EXTERNAL_ID }),
    ).toBe('ImplicitlyDenied');
  });

  it('refuses a tenant id that is not an id', () => {
    expect(evaluateLocal('grape-bootstrap', 'trust_policy', vars({ tenant_id: 'ten a' })).ok).toBe(
      false,
    );
  });
});
