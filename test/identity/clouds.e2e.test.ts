/**
 * Google Cloud and Azure federation end to end: the bundled action run as the Actions runner runs
 * it, against the loopback OIDC issuer, Google STS + IAM Credentials and Entra stand-ins (each
 * verifying the GitHub token's signature, issuer, audience and trust condition), with
 * `operation: credentials` exporting what the providers read, and the post step taking it back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import {
  AZURE_CLIENT,
  AZURE_SUBSCRIPTION,
  AZURE_TENANT,
  GCP_PROJECT,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
  startCloudIdentityFixture,
  type CloudIdentityFixture,
} from '../harness/cloud-identity-fixture.js';
import { RUNNER_ROLE } from '../harness/identity-fixture.js';

let fx: CloudIdentityFixture;
/** The runner deletes RUNNER_TEMP only after the job's last step: kept here for the post step. */
let runnerTemp: string;
beforeAll(async () => {
  fx = await startCloudIdentityFixture();
  runnerTemp = await mkdtemp(path.join(tmpdir(), 'grape-clouds-'));
});
afterAll(async () => {
  await fx.close();
  await rm(runnerTemp, { recursive: true, force: true });
});

const GCP = {
  'gcp-workload-identity-provider': GCP_PROVIDER,
  'gcp-service-account': GCP_SERVICE_ACCOUNT,
  'gcp-project-id': GCP_PROJECT,
};
const AZURE = {
  'azure-client-id': AZURE_CLIENT,
  'azure-tenant-id': AZURE_TENANT,
  'azure-subscription-id': AZURE_SUBSCRIPTION,
};

const credentialsRun = (inputs: Record<string, string>): Promise<ActionRun> => {
  fx.google.calls.length = 0;
  fx.entra.calls.length = 0;
  return runAction({
    inputs: { operation: 'credentials', ...inputs },
    env: { ...fx.env, RUNNER_TEMP: runnerTemp },
  });
};
const secrets = (): string[] => [
  fx.issuer.requestToken,
  ...fx.issuer.issued,
  ...fx.google.issued,
  ...fx.entra.issued,
  ...fx.sts.issuedSecrets,
];
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('Google Cloud: pool provider + impersonated service account', () => {
  let run: ActionRun;
  beforeAll(async () => {
    run = await credentialsRun(GCP);
  });

  it('succeeds after one token exchange and one impersonation, both accepted by Google', () => {
    expect(run.exitCode).toBe(0);
    expect(fx.google.calls.map((c) => [c.api, c.status])).toEqual([
      ['sts', 200],
      ['iamcredentials', 200],
    ]);
  });

  it('asks GitHub for the provider’s canonical audience and sends RFC 8693 fields to STS', () => {
    expect(fx.issuer.audiences.at(-1)).toBe(`https://iam.googleapis.com/${GCP_PROVIDER}`);
    const sts = fx.google.calls[0]!.params;
    expect(sts).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      audience: `//iam.googleapis.com/${GCP_PROVIDER}`,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    });
    expect(fx.google.calls[1]!.params).toMatchObject({
      email: GCP_SERVICE_ACCOUNT,
      scope: ['https://www.googleapis.com/auth/cloud-platform'],
    });
  });

  it('exports an external-account credentials file and the project as the Google tools read them', () => {
    const file = run.exportedEnv['GOOGLE_APPLICATION_CREDENTIALS']!;
    expect(run.exportedEnv).toMatchObject({
      CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: file,
      GOOGLE_GHA_CREDS_PATH: file,
      GOOGLE_CLOUD_PROJECT: GCP_PROJECT,
      GOOGLE_PROJECT: GCP_PROJECT,
      CLOUDSDK_CORE_PROJECT: GCP_PROJECT,
    });
    expect(run.outputs['gcp-credentials-file']).toBe(file);
    expect(readJson(file)).toEqual({
      type: 'external_account',
      audience: `//iam.googleapis.com/${GCP_PROVIDER}`,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${fx.google.url}/v1/token`,
      credential_source: {
        url: `${fx.issuer.requestUrl}&audience=${encodeURIComponent(`https://iam.googleapis.com/${GCP_PROVIDER}`)}`,
        headers: { Authorization: `Bearer ${fx.issuer.requestToken}` },
        format: { type: 'json', subject_token_field_name: 'value' },
      },
      service_account_impersonation_url: `${fx.google.url}/v1/projects/-/serviceAccounts/${GCP_SERVICE_ACCOUNT}:generateAccessToken`,
    });
  });

  it('masks every token and leaks none', () => {
    expect(run.masks).toContain(fx.issuer.requestToken);
    expect(leakedSecrets(run, secrets())).toEqual([]);
  });

  it('has its post step delete the credentials file and clear the variables', async () => {
    const file = run.exportedEnv['GOOGLE_APPLICATION_CREDENTIALS']!;
    expect(existsSync(file)).toBe(true);
    const post = await runAction({ entry: 'post.js', state: run.state });
    expect(post.exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(post.exportedEnv).toMatchObject({
      GOOGLE_APPLICATION_CREDENTIALS: '',
      CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: '',
      GOOGLE_CLOUD_PROJECT: '',
    });
  });
});

describe('Google Cloud: direct federation (no service account)', () => {
  it('uses the federated token directly: no impersonation call, no impersonation URL', async () => {
    const run = await credentialsRun({ 'gcp-workload-identity-provider': GCP_PROVIDER });
    expect(run.exitCode).toBe(0);
    expect(fx.google.calls.map((c) => c.api)).toEqual(['sts']);
    const file = readJson(run.exportedEnv['GOOGLE_APPLICATION_CREDENTIALS']!);
    expect(file['service_account_impersonation_url']).toBeUndefined();
    expect(run.exportedEnv['GOOGLE_CLOUD_PROJECT']).toBeUndefined();
  });
});

describe('Azure: app registration with a federated credential', () => {
  let run: ActionRun;
  beforeAll(async () => {
    run = await credentialsRun(AZURE);
  });

  it('succeeds after one client-credentials grant with the GitHub token as client_assertion', () => {
    expect(run.exitCode).toBe(0);
    expect(fx.issuer.audiences.at(-1)).toBe('api://AzureADTokenExchange');
    expect(fx.entra.calls).toHaveLength(1);
    expect(fx.entra.calls[0]).toMatchObject({
      tenant: AZURE_TENANT,
      status: 200,
      params: {
        client_id: AZURE_CLIENT,
        grant_type: 'client_credentials',
        scope: 'https://management.azure.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      },
    });
  });

  it('exports the ARM_* OIDC variables azurerm and azuread read, with the runner’s token endpoint', () => {
    expect(run.exportedEnv).toMatchObject({
      ARM_USE_OIDC: 'true',
      ARM_CLIENT_ID: AZURE_CLIENT,
      ARM_TENANT_ID: AZURE_TENANT,
      ARM_SUBSCRIPTION_ID: AZURE_SUBSCRIPTION,
      ARM_OIDC_REQUEST_URL: fx.issuer.requestUrl,
      ARM_OIDC_REQUEST_TOKEN: fx.issuer.requestToken,
    });
    expect(run.exportedEnv['ARM_OIDC_TOKEN']).toBeUndefined();
    expect(leakedSecrets(run, secrets())).toEqual([]);
  });

  it('exports the token itself when the audience is not the providers’ default', async () => {
    fx.entra.defineApplication({
      tenantId: AZURE_TENANT,
      clientId: 'c0ffee00-1111-4222-8333-777777777777',
      federatedCredentials: [
        {
          issuer: fx.issuer.issuer,
          subject: 'repo:acme/grape-runner:ref:refs/heads/main',
          audiences: ['api://grape-custom'],
        },
      ],
    });
    const custom = await credentialsRun({
      ...AZURE,
      'azure-client-id': 'c0ffee00-1111-4222-8333-777777777777',
      'azure-audience': 'api://grape-custom',
    });
    expect(custom.exitCode).toBe(0);
    expect(custom.exportedEnv['ARM_OIDC_TOKEN']).toBe(fx.issuer.issued.at(-1));
    expect(custom.masks).toContain(custom.exportedEnv['ARM_OIDC_TOKEN']);
    expect(custom.exportedEnv['ARM_OIDC_REQUEST_URL']).toBeUndefined();
  });

  it('has its post step clear the variables', async () => {
    const post = await runAction({ entry: 'post.js', state: run.state });
    expect(post.exportedEnv).toMatchObject({ ARM_USE_OIDC: '', ARM_OIDC_REQUEST_TOKEN: '' });
  });
});

describe('one run spanning AWS, Google Cloud and Azure', () => {
  it('obtains all three and exports each cloud’s credentials', async () => {
    const run = await credentialsRun({
      'role-arn': RUNNER_ROLE,
      'aws-region': 'eu-west-1',
      ...GCP,
      ...AZURE,
    });
    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv['AWS_ACCESS_KEY_ID']).toMatch(/^ASIA/);
    expect(run.exportedEnv['GOOGLE_APPLICATION_CREDENTIALS']).toBeTruthy();
    expect(run.exportedEnv['ARM_CLIENT_ID']).toBe(AZURE_CLIENT);
    expect(fx.issuer.audiences.slice(-3)).toEqual([
      'sts.amazonaws.com',
      `https://iam.googleapis.com/${GCP_PROVIDER}`,
      'api://AzureADTokenExchange',
    ]);
    expect(leakedSecrets(run, secrets())).toEqual([]);
  });
});

describe('transient failures', () => {
  it('retries Google STS and Entra on 503 and then succeeds', async () => {
    fx.google.failNext(1, 503);
    fx.entra.failNext(1, 503);
    const run = await credentialsRun({ ...GCP, ...AZURE });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('retrying');
  });
});
