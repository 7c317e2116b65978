import { decideWebIdentity } from './iam.js';
import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';

const PROVIDER = 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com';
/** main.tf resolves the provider ARN through the AWS provider; this stands in for it. */
const stub = `variable "test_oidc_provider_arn" {\n  type = string\n}\nlocals {\n  oidc_provider_arn = var.test_oidc_provider_arn\n}\n`;

const evaluate = (vars: Record<string, unknown>) =>
  evaluateLocal(
    'github-oidc-role',
    'trust_policy',
    { name: 'deploy', test_oidc_provider_arn: PROVIDER, ...vars },
    stub,
  );

const policyFor = (vars: Record<string, unknown>) =>
  evaluateOrThrow(
    'github-oidc-role',
    'trust_policy',
    { name: 'deploy', test_oidc_provider_arn: PROVIDER, ...vars },
    stub,
  );

const token = (sub: string, aud = 'sts.amazonaws.com') => ({
  'token.actions.githubusercontent.com:sub': sub,
  'token.actions.githubusercontent.com:aud': aud,
});

describe('github-oidc-role trust policy: deploy role for acme/web main, v* tags and production', () => {
  const policy = policyFor({
    repositories: ['acme/web'],
    branches: ['main'],
    git_tags: ['v*'],
    environments: ['production'],
  });
  const decide = (sub: string, aud?: string, provider = PROVIDER) =>
    decideWebIdentity(policy, provider, token(sub, aud));

  it.each([
    ['the main branch', 'repo:acme/web:ref:refs/heads/main'],
    ['a release tag', 'repo:acme/web:ref:refs/tags/v1.2.3'],
    ['the production environment', 'repo:acme/web:environment:production'],
  ])('allows %s', (_what, sub) => {
    expect(decide(sub)).toBe('Allowed');
  });

  it.each([
    ['another branch', 'repo:acme/web:ref:refs/heads/feature'],
    ['a branch that only starts like main', 'repo:acme/web:ref:refs/heads/main-hack'],
    ['a pull request (also what a fork gets)', 'repo:acme/web:pull_request'],
    ['another repository of the organisation', 'repo:acme/other:ref:refs/heads/main'],
    ["another owner's repository of the same name", 'repo:evil/web:ref:refs/heads/main'],
    ['another environment', 'repo:acme/web:environment:staging'],
  ])('refuses %s', (_what, sub) => {
    expect(decide(sub)).toBe('ImplicitlyDenied');
  });

  it('refuses a token minted for another audience', () => {
    expect(decide('repo:acme/web:ref:refs/heads/main', 'https://github.com/acme')).toBe(
      'ImplicitlyDenied',
    );
  });

  it("refuses another account's OIDC provider", () => {
    const other = 'arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com';
    expect(decide('repo:acme/web:ref:refs/heads/main', undefined, other)).toBe('ImplicitlyDenied');
  });
});

describe('github-oidc-role trust policy: read-only plan role for pull requests', () => {
  const policy = policyFor({ repositories: ['acme/web'], branches: [], allow_pull_requests: true });

  it('allows pull requests of the repository and nothing else', () => {
    expect(decideWebIdentity(policy, PROVIDER, token('repo:acme/web:pull_request'))).toBe(
      'Allowed',
    );
    expect(decideWebIdentity(policy, PROVIDER, token('repo:acme/web:ref:refs/heads/main'))).toBe(
      'ImplicitlyDenied',
    );
    expect(decideWebIdentity(policy, PROVIDER, token('repo:acme/api:pull_request'))).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('github-oidc-role variable validation (real Terraform)', () => {
  const error = (vars: Record<string, unknown>) => {
    const result = evaluate(vars);
    return result.ok ? 'accepted' : result.error.replace(/\s+/g, ' ');
  };

  it.each([
    ['*'],
    ['repo:*'],
    ['repo:acme/*'],
    ['repo:*/web:ref:refs/heads/main'],
    ['repo:acme/web:*'],
  ])('refuses the wildcard subject %s', (subject) => {
    expect(error({ branches: [], extra_subjects: [subject] })).toMatch(
      /wildcard-only subjects such as "\*" or "repo:\*" are refused/,
    );
  });

  it('accepts a subject pinned to one repository, with a pattern after it', () => {
    expect(
      error({ branches: [], extra_subjects: ['repo:acme/web:ref:refs/heads/release/*'] }),
    ).toBe('accepted');
  });

  it.each([['*'], ['acme/*'], ['acme'], ['*/web']])('refuses the repository %s', (repository) => {
    expect(error({ repositories: [repository] })).toMatch(
      /Each repository must be "owner\/name" without wildcards/,
    );
  });

  it('refuses a role that would trust no subject', () => {
    expect(error({ repositories: ['acme/web'], branches: [] })).toMatch(
      /No subject would be trusted/,
    );
    expect(error({})).toMatch(/No subject would be trusted/);
  });

  it('refuses a wildcard audience and a branch given as a ref', () => {
    expect(error({ repositories: ['acme/web'], audience: '*' })).toMatch(
      /audience must be a literal value/,
    );
    expect(error({ repositories: ['acme/web'], branches: ['refs/heads/main'] })).toMatch(
      /without the refs\/heads\/ prefix/,
    );
  });
});

describe("github-oidc-role trust policy: one tenant's Grape runner role (examples/grape-runner-per-tenant)", () => {
  const policy = policyFor({
    repositories: ['grape/runner'],
    branches: [],
    environments: ['grape-ten_a'],
  });
  const decide = (sub: string) => decideWebIdentity(policy, PROVIDER, token(sub));

  it("allows a job in the tenant's GitHub environment", () => {
    expect(decide('repo:grape/runner:environment:grape-ten_a')).toBe('Allowed');
  });

  it.each([
    ["another tenant's environment", 'repo:grape/runner:environment:grape-ten_b'],
    ['an environment that only starts like it', 'repo:grape/runner:environment:grape-ten_ab'],
    ['a job without an environment, on main', 'repo:grape/runner:ref:refs/heads/main'],
  ])('refuses %s', (_what, sub) => {
    expect(decide(sub)).toBe('ImplicitlyDenied');
  });
});
