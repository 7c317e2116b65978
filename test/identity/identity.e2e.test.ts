/**
 * The identity step end to end: the bundled action run as the Actions runner runs it, against the
 * loopback OIDC issuer and STS.
 */
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import {
  CUSTOMER_ROLE,
  CUSTOMER_ROLE_NO_TAGS,
  EXTERNAL_ID,
  INSTANCE_ROLE_USER,
  RUNNER_ROLE,
  startIdentityFixture,
  type IdentityFixture,
} from '../harness/identity-fixture.js';
import { defaultClaims } from '../harness/oidc-issuer.js';

let fx: IdentityFixture;
beforeAll(async () => {
  fx = await startIdentityFixture();
});
afterAll(async () => {
  await fx.close();
});
/** Each scenario's STS calls start from zero. */
const reset = (): void => {
  fx.sts.calls.length = 0;
};
afterEach(() => fx.issuer.setClaims(defaultClaims()));

const credentialsRun = (
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> => {
  reset();
  return runAction({
    inputs: { operation: 'credentials', 'aws-region': 'eu-west-1', ...inputs },
    env: { ...fx.env, ...env },
  });
};

const secretsOf = (): string[] => [...fx.issuer.issued, ...fx.sts.issuedSecrets];

describe('OIDC token to the runner role (one hop)', () => {
  let run: ActionRun;
  beforeAll(async () => {
    run = await credentialsRun({ 'role-arn': RUNNER_ROLE, 'deployment-id': 'dep_01hzx' });
  });

  it('succeeds and exports the credentials for later steps', () => {
    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv['AWS_ACCESS_KEY_ID']).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(run.exportedEnv['AWS_SECRET_ACCESS_KEY']).toBeTruthy();
    expect(run.exportedEnv['AWS_SESSION_TOKEN']).toBeTruthy();
    expect(run.exportedEnv['AWS_REGION']).toBe('eu-west-1');
  });

  it('outputs the account id and the expiration', () => {
    expect(run.outputs['aws-account-id']).toBe('111111111111');
    expect(run.outputs['deployment-id']).toBe('dep_01hzx');
    const expiration = Date.parse(run.outputs['aws-session-expiration'] ?? '');
    expect(expiration - Date.now()).toBeGreaterThan(3000 * 1000);
  });

  it('asks for the sts.amazonaws.com audience and names the session after the deployment', () => {
    expect(fx.issuer.audiences.at(-1)).toBe('sts.amazonaws.com');
    const call = fx.sts.calls.find((c) => c.action === 'AssumeRoleWithWebIdentity');
    expect(call?.params['RoleSessionName']).toBe('grape-dep_01hzx');
    expect(call?.params['DurationSeconds']).toBe('3600');
  });

  it('masks the token and every credential before anything else could print them', () => {
    expect(run.masks).toEqual(
      expect.arrayContaining([
        run.exportedEnv['AWS_SECRET_ACCESS_KEY'],
        run.exportedEnv['AWS_SESSION_TOKEN'],
        run.exportedEnv['AWS_ACCESS_KEY_ID'],
      ]),
    );
    expect(leakedSecrets(run, secretsOf())).toEqual([]);
  });

  it('saves the state the post step needs, and the post step clears the exported credentials', async () => {
    const post = await runAction({ entry: 'post.js', state: run.state });
    expect(post.exitCode).toBe(0);
    expect(post.exportedEnv).toMatchObject({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
    });
  });
});

describe('chaining into the customer role with its ExternalId', () => {
  let run: ActionRun;
  beforeAll(async () => {
    run = await credentialsRun({
      'role-arn': RUNNER_ROLE,
      'target-role-arn': CUSTOMER_ROLE,
      'external-id': EXTERNAL_ID,
      'deployment-id': 'dep_chain1',
    });
  });

  it('ends with credentials of the customer account', () => {
    expect(run.exitCode).toBe(0);
    expect(run.outputs['aws-account-id']).toBe('222222222222');
  });

  it('keeps the first hop short and sends ExternalId, session tags and SourceIdentity on the second', () => {
    const [first, second] = fx.sts.calls.filter((c) => c.outcome === 'ok');
    expect(first?.action).toBe('AssumeRoleWithWebIdentity');
    expect(first?.params['DurationSeconds']).toBe('900');
    expect(second?.action).toBe('AssumeRole');
    expect(second?.caller).toBe(
      'arn:aws:sts::111111111111:assumed-role/grape-runner/grape-dep_chain1',
    );
    expect(second?.params).toMatchObject({
      RoleArn: CUSTOMER_ROLE,
      ExternalId: EXTERNAL_ID,
      DurationSeconds: '3600',
      SourceIdentity: 'octocat',
      'Tags.member.1.Key': 'grape:deployment-id',
      'Tags.member.1.Value': 'dep_chain1',
      'Tags.member.2.Key': 'grape:actor',
      'Tags.member.2.Value': 'octocat',
    });
  });

  it('leaks neither hop’s secrets', () => {
    expect(leakedSecrets(run, secretsOf())).toEqual([]);
  });

  it('sends no tags when session-tags is false (trust policy without sts:TagSession)', async () => {
    const ok = await credentialsRun({
      'role-arn': RUNNER_ROLE,
      'target-role-arn': CUSTOMER_ROLE_NO_TAGS,
      'external-id': EXTERNAL_ID,
      'session-tags': 'false',
    });
    expect(ok.exitCode).toBe(0);
    const hop = fx.sts.calls.find((c) => c.action === 'AssumeRole' && c.outcome === 'ok');
    expect(Object.keys(hop?.params ?? {}).some((k) => k.startsWith('Tags.'))).toBe(false);
    expect(hop?.params['SourceIdentity']).toBeUndefined();
  });

  it('explains a refusal caused by session tags and how to turn them off', async () => {
    const failed = await credentialsRun({
      'role-arn': RUNNER_ROLE,
      'target-role-arn': CUSTOMER_ROLE_NO_TAGS,
      'external-id': EXTERNAL_ID,
    });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors[0]).toContain(
      `Could not assume the customer role ${CUSTOMER_ROLE_NO_TAGS}`,
    );
    expect(failed.errors[0]).toContain("set 'session-tags: false'");
  });
});

describe('ambient credentials (self-hosted runner, no role-arn)', () => {
  const ambient = {
    AWS_ACCESS_KEY_ID: 'AKIAAMBIENTEXAMPLE01',
    AWS_SECRET_ACCESS_KEY: 'ambient/secret/for+tests/only/0123456789',
  };
  beforeAll(() => {
    fx.sts.addStaticCredentials(
      ambient.AWS_ACCESS_KEY_ID,
      ambient.AWS_SECRET_ACCESS_KEY,
      INSTANCE_ROLE_USER,
    );
  });

  it('checks the ambient account against allowed-account-ids with a signed GetCallerIdentity', async () => {
    reset();
    const run = await runAction({
      inputs: { operation: 'credentials', 'allowed-account-ids': '333333333333' },
      env: { AWS_ENDPOINT_URL_STS: fx.sts.url, AWS_REGION: 'us-east-1', ...ambient },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['aws-account-id']).toBe('333333333333');
    expect(fx.sts.calls.map((c) => [c.action, c.caller])).toEqual([
      ['GetCallerIdentity', INSTANCE_ROLE_USER],
    ]);
  });

  it('chains from the ambient credentials into the customer role', async () => {
    const run = await runAction({
      inputs: {
        operation: 'credentials',
        'aws-region': 'us-east-1',
        'target-role-arn': CUSTOMER_ROLE,
        'external-id': EXTERNAL_ID,
      },
      env: { AWS_ENDPOINT_URL_STS: fx.sts.url, ...ambient },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['aws-account-id']).toBe('222222222222');
    expect(leakedSecrets(run, [...fx.sts.issuedSecrets, ambient.AWS_SECRET_ACCESS_KEY])).toEqual(
      [],
    );
  });
});

describe('errors a user can act on', () => {
  it('says exactly what to add when the job lacks id-token: write', async () => {
    reset();
    const run = await runAction({
      inputs: { operation: 'credentials', 'aws-region': 'eu-west-1', 'role-arn': RUNNER_ROLE },
      env: { AWS_ENDPOINT_URL_STS: fx.sts.url },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set');
    expect(run.errors[0]).toContain('id-token: write');
    expect(fx.sts.calls).toHaveLength(0);
  });

  it('shows the token’s claims, never the token, when the trust policy rejects it', async () => {
    fx.issuer.setClaims(defaultClaims({ ref: 'refs/heads/feature-x' }));
    const run = await credentialsRun({ 'role-arn': RUNNER_ROLE });
    expect(run.exitCode).toBe(1);
    const message = run.errors[0] ?? '';
    expect(message).toContain(`Could not assume role ${RUNNER_ROLE} with the GitHub OIDC token`);
    expect(message).toContain("sub='repo:acme/grape-runner:ref:refs/heads/feature-x'");
    expect(message).toContain("aud='sts.amazonaws.com'");
    expect(message).toContain("repository='acme/grape-runner'");
    expect(message).toContain(
      "job_workflow_ref='acme/grape-runner/.github/workflows/grape-runner.yml@refs/heads/feature-x'",
    );
    expect(leakedSecrets(run, fx.issuer.issued)).toEqual([]);
    expect(fx.sts.calls.filter((c) => c.action === 'AssumeRoleWithWebIdentity')).toHaveLength(1);
  });

  it('points at the OIDC provider when the audience is not registered', async () => {
    const run = await credentialsRun({ 'role-arn': RUNNER_ROLE, audience: 'api://something-else' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('InvalidIdentityToken');
    expect(run.errors[0]).toContain("audience list contains 'api://something-else'");
  });

  it('names the ExternalId when the customer role refuses the chained hop', async () => {
    const run = await credentialsRun({
      'role-arn': RUNNER_ROLE,
      'target-role-arn': CUSTOMER_ROLE,
      'external-id': 'grape-tenant-wrong',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('AccessDenied');
    expect(run.errors[0]).toContain(
      "the ExternalId does not match the one in its condition 'sts:ExternalId'",
    );
    expect(run.errors[0]).toContain('arn:aws:iam::111111111111:role/grape-runner');
    expect(run.everything).not.toContain('grape-tenant-wrong');
  });

  it('refuses credentials for an account that is not allowed', async () => {
    const run = await credentialsRun({
      'role-arn': RUNNER_ROLE,
      'allowed-account-ids': '999999999999, 888888888888',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(
      'account 111111111111, which is not in allowed-account-ids (999999999999, 888888888888)',
    );
    expect(run.exportedEnv['AWS_ACCESS_KEY_ID']).toBeUndefined();
  });

  it('explains a session longer than the role allows', async () => {
    fx.sts.defineRole({
      arn: 'arn:aws:iam::111111111111:role/short',
      maxSessionDuration: 3600,
      webIdentity: {
        issuer: fx.issuer.issuer,
        audiences: ['sts.amazonaws.com'],
        subPatterns: ['repo:acme/*'],
      },
    });
    const run = await credentialsRun({
      'role-arn': 'arn:aws:iam::111111111111:role/short',
      'role-duration-seconds': '7200',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(
      'ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });
});

describe('retries', () => {
  it('retries throttling and 5xx with backoff, then succeeds', async () => {
    reset();
    fx.sts.injectFaults(
      { code: 'Throttling', message: 'Rate exceeded' },
      { code: 'ServiceUnavailable', status: 503 },
      { code: 'IDPCommunicationError', message: 'Could not communicate with the IdP' },
    );
    const run = await runAction({
      inputs: { operation: 'credentials', 'aws-region': 'eu-west-1', 'role-arn': RUNNER_ROLE },
      env: fx.env,
    });
    expect(run.exitCode).toBe(0);
    expect(fx.sts.calls.map((c) => c.outcome)).toEqual([
      'Throttling',
      'ServiceUnavailable',
      'IDPCommunicationError',
      'ok',
    ]);
    expect(run.stdout).toContain('STS attempt 1 failed (Throttling: Rate exceeded); retrying');
  });

  it('retries a dropped connection', async () => {
    reset();
    fx.sts.injectFaults({ dropConnection: true });
    const run = await runAction({
      inputs: { operation: 'credentials', 'aws-region': 'eu-west-1', 'role-arn': RUNNER_ROLE },
      env: fx.env,
    });
    expect(run.exitCode).toBe(0);
    expect(fx.sts.calls.map((c) => c.outcome)).toEqual(['dropped', 'ok']);
  });

  it('does not retry a denial', async () => {
    fx.issuer.setClaims(defaultClaims({ ref: 'refs/heads/other' }));
    await credentialsRun({ 'role-arn': RUNNER_ROLE });
    expect(fx.sts.calls.map((c) => c.outcome)).toEqual(['AccessDenied']);
  });
});
