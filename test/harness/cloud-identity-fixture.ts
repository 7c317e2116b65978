/**
 * The identity fixture with all three clouds: the OIDC issuer and STS of identity-fixture.ts plus
 * the Google and Entra stand-ins, with one trusted configuration each (the GCP pool provider with
 * an attribute condition on repository and workflow and a service account bound to the
 * repository; the Entra application with a federated credential for the runner's main branch).
 */
import { startEntra, type EntraStandIn } from './entra.js';
import { startGoogleSts, type GoogleStandIn } from './google-sts.js';
import { startIdentityFixture, type IdentityFixture } from './identity-fixture.js';

export const GCP_PROVIDER =
  'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape';
export const GCP_POOL = 'projects/123456789012/locations/global/workloadIdentityPools/github';
export const GCP_SERVICE_ACCOUNT = 'grape-deploy@acme-prod.iam.gserviceaccount.com';
export const GCP_UNBOUND_SERVICE_ACCOUNT = 'other-deployer@acme-prod.iam.gserviceaccount.com';
export const GCP_PROJECT = 'acme-prod';
export const AZURE_TENANT = '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
export const AZURE_CLIENT = 'c0ffee00-1111-4222-8333-444455556666';
export const AZURE_SUBSCRIPTION = '5abcc41b-0000-4000-8000-000000000001';
export const RUNNER_WORKFLOW = 'acme/grape-runner/.github/workflows/grape-runner.yml@';
export const GCP_ATTRIBUTE_MAPPING = {
  'google.subject': 'assertion.sub',
  'attribute.repository': 'assertion.repository',
  'attribute.job_workflow_ref': 'assertion.job_workflow_ref',
};
export const GCP_ATTRIBUTE_CONDITION =
  "assertion.repository == 'acme/grape-runner' && (assertion.job_workflow_ref.startsWith('acme/grape-runner/.github/workflows/grape-runner.yml@'))";

export interface CloudIdentityFixture extends IdentityFixture {
  readonly google: GoogleStandIn;
  readonly entra: EntraStandIn;
}

export async function startCloudIdentityFixture(): Promise<CloudIdentityFixture> {
  const base = await startIdentityFixture();
  const google = await startGoogleSts();
  const entra = await startEntra();
  google.defineProvider({
    name: GCP_PROVIDER,
    issuer: base.issuer.issuer,
    // What modules/gcp-bootstrap builds for repository acme/grape-runner and its workflow
    // (test/modules/gcp-bootstrap-trust.test.ts evaluates the module to this very text).
    attributeMapping: GCP_ATTRIBUTE_MAPPING,
    attributeCondition: GCP_ATTRIBUTE_CONDITION,
  });
  google.defineServiceAccount({
    email: GCP_SERVICE_ACCOUNT,
    workloadIdentityUsers: [
      `principalSet://iam.googleapis.com/${GCP_POOL}/attribute.repository/acme/grape-runner`,
    ],
  });
  google.defineServiceAccount({ email: GCP_UNBOUND_SERVICE_ACCOUNT, workloadIdentityUsers: [] });
  entra.defineApplication({
    tenantId: AZURE_TENANT,
    clientId: AZURE_CLIENT,
    federatedCredentials: [
      {
        issuer: base.issuer.issuer,
        subject: 'repo:acme/grape-runner:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
  });
  return {
    ...base,
    google,
    entra,
    env: {
      ...base.env,
      CLOUDSDK_API_ENDPOINT_OVERRIDES_STS: `${google.url}/`,
      CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS: `${google.url}/`,
      AZURE_AUTHORITY_HOST: entra.url,
    },
    close: async () => {
      await Promise.all([base.close(), google.close(), entra.close()]);
    },
  };
}
