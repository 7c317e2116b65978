import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readTemplate, resolveRefs, templatePath } from './cloudformation.js';
import { decide, trustPolicyErrors } from './iam.js';
import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';

const RUNNER = 'arn:aws:iam::111122223333:role/grape-runner';
const RUNNER_SESSION = 'arn:aws:sts::111122223333:assumed-role/grape-runner/dep_01HZX';
const EXTERNAL_ID = 'grape-3f9c2a7e5b1d4e08a6c1';

const template = readTemplate();
const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role');
const cfnTrustFor = (tenantId: string) =>
  resolveRefs(
    role?.Properties['AssumeRolePolicyDocument'],
    { TrustedPrincipalArn: RUNNER, ExternalId: EXTERNAL_ID, TenantId: tenantId },
    template.Conditions,
  );
const cfnTrust = cfnTrustFor('');
const tfTrust = evaluateOrThrow('grape-bootstrap', 'trust_policy', {
  trusted_principal_arns: [RUNNER],
  external_id: EXTERNAL_ID,
});

describe('the CloudFormation template and the Terraform module', () => {
  it('build the same trust policy for the same principal and ExternalId', () => {
    expect(cfnTrust).toEqual(tfTrust);
    expect(trustPolicyErrors(cfnTrust)).toEqual([]);
  });

  it('build the same tenant-bound trust policy for the same tenant id', () => {
    expect(cfnTrustFor('ten_a')).toEqual(
      evaluateOrThrow('grape-bootstrap', 'trust_policy', {
        trusted_principal_arns: [RUNNER],
        external_id: EXTERNAL_ID,
        tenant_id: 'ten_a',
      }),
    );
    expect(trustPolicyErrors(cfnTrustFor('ten_a'))).toEqual([]);
  });

  it('accept the same tenant ids', () => {
    const p = template.Parameters['TenantId']!;
    for (const value of ['ten_a', 'a'.repeat(64), 'a'.repeat(65), '-ten', 'ten a', 'ten/a']) {
      const cfnAccepts =
        new RegExp(p.AllowedPattern ?? '').test(value) && value.length <= (p.MaxLength ?? 0);
      const tfAccepts = evaluateLocal('grape-bootstrap', 'trust_policy', {
        trusted_principal_arns: [RUNNER],
        external_id: EXTERNAL_ID,
        tenant_id: value,
      }).ok;
      expect({ value: value.slice(0, 20), cfnAccepts }).toEqual({
        value: value.slice(0, 20),
        cfnAccepts: tfAccepts,
      });
    }
  });

  it('allow the same session length and accept the same ExternalIds and principals', () => {
    expect(role?.Properties['MaxSessionDuration']).toEqual({ Ref: 'MaxSessionDuration' });
    expect(template.Parameters['MaxSessionDuration']).toMatchObject({
      Default: 3600,
      MinValue: 3600,
      MaxValue: 43200,
    });
    const cases: [string, string, string][] = [
      ['ExternalId', 'external_id', 'ab'],
      ['ExternalId', 'external_id', 'a'],
      ['ExternalId', 'external_id', 'a'.repeat(1224)],
      ['ExternalId', 'external_id', 'a'.repeat(1225)],
      ['ExternalId', 'external_id', 'grape tenant'],
      ['ExternalId', 'external_id', 'grape:t/1+x=y,z.w@q_-'],
      ['TrustedPrincipalArn', 'trusted_principal_arns', RUNNER],
      ['TrustedPrincipalArn', 'trusted_principal_arns', 'arn:aws:iam::111122223333:root'],
      ['TrustedPrincipalArn', 'trusted_principal_arns', '*'],
      ['TrustedPrincipalArn', 'trusted_principal_arns', 'arn:aws:iam::*:role/grape-runner'],
    ];
    for (const [parameter, variable, value] of cases) {
      const p = template.Parameters[parameter] ?? { Type: 'String' };
      const cfnAccepts =
        new RegExp(p.AllowedPattern ?? '').test(value) &&
        value.length >= (p.MinLength ?? 0) &&
        value.length <= (p.MaxLength ?? Infinity);
      const vars =
        variable === 'external_id'
          ? { trusted_principal_arns: [RUNNER], external_id: value }
          : { trusted_principal_arns: [value], external_id: EXTERNAL_ID };
      const tfAccepts = evaluateLocal('grape-bootstrap', 'trust_policy', vars).ok;
      expect({ parameter, value: value.slice(0, 40), cfnAccepts }).toEqual({
        parameter,
        value: value.slice(0, 40),
        cfnAccepts: tfAccepts,
      });
    }
  });
});

describe("the CloudFormation template's trust policy (judged by iam-simulate)", () => {
  it('lets the runner assume the role with the ExternalId, and refuses it without', async () => {
    expect(
      await decide(cfnTrust, RUNNER_SESSION, 'sts:AssumeRole', { 'sts:ExternalId': EXTERNAL_ID }),
    ).toBe('Allowed');
    expect(
      await decide(cfnTrust, RUNNER_SESSION, 'sts:AssumeRole', { 'sts:ExternalId': 'other' }),
    ).toBe('ImplicitlyDenied');
    expect(await decide(cfnTrust, RUNNER_SESSION, 'sts:AssumeRole')).toBe('ImplicitlyDenied');
  });

  it('refuses another account and lets the runner tag the session', async () => {
    const impostor = 'arn:aws:sts::999988887777:assumed-role/grape-runner/s';
    expect(
      await decide(cfnTrust, impostor, 'sts:AssumeRole', { 'sts:ExternalId': EXTERNAL_ID }),
    ).toBe('ImplicitlyDenied');
    expect(await decide(cfnTrust, RUNNER_SESSION, 'sts:TagSession')).toBe('Allowed');
  });
});

/** AWS's cfn-lint on PATH, skipping node_modules/.bin (where the npm package of the same name is). */
function findAwsCfnLint(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = path.join(dir, 'cfn-lint');
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (version.status === 0 && /^cfn-lint \d+\./.test(version.stdout.trim())) return candidate;
  }
  return undefined;
}

/**
 * AWS's own linter (cfn-lint, Python; current resource schemas). It is on the project's machine
 * image; CI requires it, a plain clone without it skips this check with a message.
 */
const awsCfnLintPath = findAwsCfnLint();
const haveAwsCfnLint = awsCfnLintPath !== undefined;
const requireAwsCfnLint = process.env['CI'] === 'true';
(haveAwsCfnLint || requireAwsCfnLint ? describe : describe.skip)(
  haveAwsCfnLint || requireAwsCfnLint
    ? "AWS's cfn-lint"
    : "AWS's cfn-lint [skipped: `cfn-lint` (pip package cfn-lint) is not on PATH; CI requires it]",
  () => {
    it('finds nothing wrong with the template', () => {
      expect(awsCfnLintPath).toBeDefined();
      const result = spawnSync(
        awsCfnLintPath ?? 'cfn-lint',
        ['--format', 'parseable', '--', templatePath],
        {
          encoding: 'utf8',
        },
      );
      expect(result.error).toBeUndefined();
      expect({ status: result.status, findings: result.stdout.trim() }).toEqual({
        status: 0,
        findings: '',
      });
    });
  },
);
