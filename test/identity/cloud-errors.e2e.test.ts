/**
 * Each misconfigured trust fails at the identity step, before terraform, with an explanation: the
 * token's claims (sub, aud, repository — never the token) and what the provider's attribute
 * condition, binding or federated credential must be. Through the bundle, against the stand-ins,
 * which refuse exactly as Google and Entra do.
 */
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import {
  AZURE_CLIENT,
  AZURE_TENANT,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
  GCP_UNBOUND_SERVICE_ACCOUNT,
  startCloudIdentityFixture,
  type CloudIdentityFixture,
} from '../harness/cloud-identity-fixture.js';
import { defaultClaims } from '../harness/oidc-issuer.js';

let fx: CloudIdentityFixture;
const OTHER_ISSUER_PROVIDER =
  'projects/123456789012/locations/global/workloadIdentityPools/github/providers/other-issuer';
beforeAll(async () => {
  fx = await startCloudIdentityFixture();
  fx.google.defineProvider({
    name: OTHER_ISSUER_PROVIDER,
    issuer: 'https://token.actions.githubusercontent.com',
  });
});
afterAll(async () => {
  await fx.close();
});
afterEach(() => fx.issuer.setClaims(defaultClaims()));

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({ inputs: { operation: 'credentials', ...inputs }, env: fx.env });

/** The failure message; asserts the run failed without a stack or any token. */
async function failure(inputs: Record<string, string>): Promise<string> {
  const result = await run(inputs);
  expect(result.exitCode).toBe(1);
  expect(leakedSecrets(result, [...fx.issuer.issued, fx.issuer.requestToken])).toEqual([]);
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(result.exportedEnv['GOOGLE_APPLICATION_CREDENTIALS']).toBeUndefined();
  expect(result.exportedEnv['ARM_CLIENT_ID']).toBeUndefined();
  return result.errors.join('\n');
}

describe('Google Cloud misconfigurations', () => {
  it('explains an attribute condition that rejects the repository', async () => {
    fx.issuer.setClaims(defaultClaims({ repository: 'acme/other-repo' }));
    const message = await failure({ 'gcp-workload-identity-provider': GCP_PROVIDER });
    expect(message).toContain(
      `Google STS refused the GitHub OIDC token for workload identity provider ${GCP_PROVIDER} (unauthorized_client: The given credential is rejected by the attribute condition.).`,
    );
    expect(message).toContain(
      "The provider's attribute condition rejected this token. Its claims: sub='repo:acme/other-repo:ref:refs/heads/main', aud='https://iam.googleapis.com/",
    );
    expect(message).toContain("repository='acme/other-repo'");
    expect(message).toContain(
      "The condition must accept them, e.g. `assertion.repository == 'acme/other-repo'`",
    );
  });

  it('explains an attribute condition that rejects the workflow', async () => {
    const claims = defaultClaims();
    fx.issuer.setClaims({
      ...claims,
      job_workflow_ref: 'acme/grape-runner/.github/workflows/evil.yml@refs/heads/main',
    });
    const message = await failure({ 'gcp-workload-identity-provider': GCP_PROVIDER });
    expect(message).toContain('rejected by the attribute condition');
    expect(message).toContain(
      "job_workflow_ref='acme/grape-runner/.github/workflows/evil.yml@refs/heads/main'",
    );
  });

  it('explains an audience the provider does not accept', async () => {
    const message = await failure({
      'gcp-workload-identity-provider': GCP_PROVIDER,
      'gcp-audience': 'https://example.com/grape',
    });
    expect(message).toContain(
      "The token's audience 'https://example.com/grape' is not one the provider accepts.",
    );
    expect(message).toContain("Leave 'gcp-audience' unset");
  });

  it('explains a provider that does not exist', async () => {
    const missing = GCP_PROVIDER.replace('providers/grape', 'providers/nope');
    const message = await failure({ 'gcp-workload-identity-provider': missing });
    expect(message).toContain(
      "The pool or provider does not exist or is disabled. Check 'gcp-workload-identity-provider' (project number 123456789012, pool 'github', provider 'nope')",
    );
  });

  it('explains a provider that trusts another issuer', async () => {
    const message = await failure({ 'gcp-workload-identity-provider': OTHER_ISSUER_PROVIDER });
    expect(message).toContain("The provider does not trust GitHub's token issuer or signature.");
  });

  it('explains a service account the pool may not impersonate', async () => {
    const message = await failure({
      'gcp-workload-identity-provider': GCP_PROVIDER,
      'gcp-service-account': GCP_UNBOUND_SERVICE_ACCOUNT,
    });
    expect(message).toContain(
      `Could not impersonate service account ${GCP_UNBOUND_SERVICE_ACCOUNT} with the federated token (IAM Credentials generateAccessToken: PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).).`,
    );
    expect(message).toContain(
      "Grant it roles/iam.workloadIdentityUser on other-deployer@acme-prod.iam.gserviceaccount.com to 'principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/attribute.repository/acme/grape-runner'",
    );
  });

  it('explains a service account that does not exist', async () => {
    const message = await failure({
      'gcp-workload-identity-provider': GCP_PROVIDER,
      'gcp-service-account': GCP_SERVICE_ACCOUNT.replace('grape-deploy', 'grape-typo'),
    });
    expect(message).toContain("The service account does not exist: check 'gcp-service-account'");
  });
});

describe('Azure misconfigurations', () => {
  const AZURE = { 'azure-client-id': AZURE_CLIENT, 'azure-tenant-id': AZURE_TENANT };

  it('explains a subject no federated credential matches, naming the subject to add', async () => {
    fx.issuer.setClaims(
      defaultClaims({ sub: 'repo:acme/grape-runner:environment:prod', environment: 'prod' }),
    );
    const message = await failure(AZURE);
    expect(message).toContain(
      `Microsoft Entra refused the GitHub OIDC token for client ${AZURE_CLIENT} in tenant ${AZURE_TENANT} (invalid_client: AADSTS70021: No matching federated identity record found for presented assertion.`,
    );
    expect(message).toContain(
      "Add a federated credential with issuer 'https://token.actions.githubusercontent.com', subject 'repo:acme/grape-runner:environment:prod' and audience 'api://AzureADTokenExchange'",
    );
    expect(message).toContain("environment='prod'");
  });

  it('explains an audience the federated credential does not list', async () => {
    const message = await failure({ ...AZURE, 'azure-audience': 'api://something-else' });
    expect(message).toContain('AADSTS70021');
    expect(message).toContain("aud='api://something-else'");
    expect(message).toContain("and audience 'api://something-else'");
  });

  it('explains a client id that is not in the tenant', async () => {
    const message = await failure({
      ...AZURE,
      'azure-client-id': '00000000-0000-4000-8000-000000000000',
    });
    expect(message).toContain(
      "No application with this client id exists in the tenant: check 'azure-client-id' (the application's client id, not its object id) and 'azure-tenant-id'.",
    );
  });

  it('explains a tenant that does not exist', async () => {
    const message = await failure({
      ...AZURE,
      'azure-tenant-id': '00000000-0000-4000-8000-00000000dead',
    });
    expect(message).toContain("The tenant does not exist: check 'azure-tenant-id'");
  });
});

describe('the job has no id-token permission', () => {
  it('says which permission to add, for either cloud', async () => {
    const result = await runAction({
      inputs: { operation: 'credentials', 'gcp-workload-identity-provider': GCP_PROVIDER },
      env: { ...fx.env, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain('id-token: write');
  });
});
