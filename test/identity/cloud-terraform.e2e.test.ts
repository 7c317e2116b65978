/**
 * Terraform reads what the action hands it for Google Cloud and Azure the way the official
 * providers document: the bundled action runs `apply` on a module whose local-exec
 * (test/fixtures/modules/cloud-credentials/read-credentials.mjs) follows Application Default
 * Credentials into the external-account file and azurerm's ARM_* OIDC variables, and exchanges
 * them against the stand-ins. The credentials file is checked against the documented format
 * (test/fixtures/cloud-credentials/external-account.schema.json). Azure runs in the US Government
 * cloud here (its audience, ARM_ENVIRONMENT); the public cloud is clouds.e2e.test.ts's.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { leakedSecrets, repoRoot, runAction, type ActionRun } from '../harness/action-runner.js';
import {
  AZURE_CLIENT,
  AZURE_SUBSCRIPTION,
  AZURE_TENANT,
  GCP_PROJECT,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
} from '../harness/cloud-identity-fixture.js';
import { startEngineFixture, type EngineFixture } from '../harness/engine-fixture.js';
import { startEntra, type EntraStandIn } from '../harness/entra.js';
import { startGoogleSts, type GoogleStandIn } from '../harness/google-sts.js';
import { copyModule, describeWithTerraform } from '../harness/terraform-binary.js';

interface ReadResult {
  visible: Record<string, boolean>;
  google?: {
    credentials: Record<string, unknown>;
    variables: Record<string, string | undefined>;
    stsStatus: number;
    impersonationStatus?: number;
  };
  azure?: {
    variables: Record<string, string | undefined>;
    assertionFrom: string;
    tokenFileMode?: number;
    status: number;
  };
}

let fx: EngineFixture;
let google: GoogleStandIn;
let entra: EntraStandIn;
let work: string;
beforeAll(async () => {
  fx = await startEngineFixture();
  google = await startGoogleSts();
  entra = await startEntra();
  const issuer = fx.identity.issuer.issuer;
  google.defineProvider({
    name: GCP_PROVIDER,
    issuer,
    attributeCondition: "assertion.repository == 'acme/grape-runner'",
  });
  google.defineServiceAccount({
    email: GCP_SERVICE_ACCOUNT,
    workloadIdentityUsers: [
      'principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/attribute.repository/acme/grape-runner',
    ],
  });
  entra.defineApplication({
    tenantId: AZURE_TENANT,
    clientId: AZURE_CLIENT,
    federatedCredentials: [
      {
        issuer,
        subject: 'repo:acme/grape-runner:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchangeUSGov'],
      },
    ],
  });
  work = await mkdtemp(path.join(tmpdir(), 'grape-cloud-tf-'));
}, 60_000);
afterAll(async () => {
  await Promise.all([fx?.close(), google?.close(), entra?.close()]);
  await rm(work, { recursive: true, force: true });
});

describeWithTerraform('an apply whose module reads the Google and Azure credentials', () => {
  let run: ActionRun;
  let read: ReadResult;
  beforeAll(async () => {
    const cwd = await copyModule('cloud-credentials');
    const resultFile = path.join(work, 'read.json');
    run = await runAction({
      cwd,
      inputs: {
        operation: 'apply',
        'release-mirror': fx.mirror.url,
        'release-signing-key': fx.mirror.key.publicKey,
        'engine-version': fx.inputs()['engine-version']!,
        'gcp-workload-identity-provider': GCP_PROVIDER,
        'gcp-service-account': GCP_SERVICE_ACCOUNT,
        'gcp-project-id': GCP_PROJECT,
        'azure-client-id': AZURE_CLIENT,
        'azure-tenant-id': AZURE_TENANT,
        'azure-subscription-id': AZURE_SUBSCRIPTION,
        'azure-environment': 'usgovernment',
      },
      env: fx.env({
        CLOUDSDK_API_ENDPOINT_OVERRIDES_STS: `${google.url}/`,
        CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS: `${google.url}/`,
        AZURE_AUTHORITY_HOST: entra.url,
        GRAPE_TEST_RESULT_FILE: resultFile,
        // Competing credentials a job might carry: terraform must not see them.
        GOOGLE_CREDENTIALS: '{"type": "service_account"}',
        ARM_CLIENT_SECRET: 'stale-client-secret',
      }),
    });
    read = JSON.parse(await readFile(resultFile, 'utf8')) as ReadResult;
  }, 120_000);

  it('applies', () => {
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('gives Google ADC an external-account file in the documented format, over a token file', async () => {
    const schema = JSON.parse(
      await readFile(
        path.join(repoRoot, 'test/fixtures/cloud-credentials/external-account.schema.json'),
        'utf8',
      ),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const valid = ajv.validate(schema, read.google?.credentials);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(read.google?.credentials['credential_source']).toEqual({
      file: expect.stringMatching(/gcp-oidc-token$/),
      format: { type: 'text' },
    });
    expect(read.google?.variables).toEqual({
      GOOGLE_APPLICATION_CREDENTIALS: expect.stringMatching(/gcp-credentials\.json$/),
      CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE:
        read.google?.variables['GOOGLE_APPLICATION_CREDENTIALS'],
      GOOGLE_PROJECT: GCP_PROJECT,
      GOOGLE_CLOUD_PROJECT: GCP_PROJECT,
      CLOUDSDK_CORE_PROJECT: GCP_PROJECT,
    });
  });

  it('lets the Google libraries exchange and impersonate from that file, as terraform would', () => {
    expect(read.google?.stsStatus).toBe(200);
    expect(read.google?.impersonationStatus).toBe(200);
  });

  it('gives azurerm the ARM_* OIDC variables, the cloud, and a private token file Entra accepts', () => {
    expect(read.azure).toEqual({
      variables: {
        ARM_USE_OIDC: 'true',
        ARM_CLIENT_ID: AZURE_CLIENT,
        ARM_TENANT_ID: AZURE_TENANT,
        ARM_SUBSCRIPTION_ID: AZURE_SUBSCRIPTION,
        ARM_ENVIRONMENT: 'usgovernment',
      },
      assertionFrom: 'ARM_OIDC_TOKEN_FILE_PATH',
      tokenFileMode: 0o600,
      status: 200,
    });
  });

  it('keeps the runner’s token endpoint and competing credentials away from the module', () => {
    expect(read.visible).toEqual({
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: false,
      ACTIONS_ID_TOKEN_REQUEST_URL: false,
      GOOGLE_CREDENTIALS: false,
      ARM_CLIENT_SECRET: false,
    });
  });

  it('exports nothing for later steps without export-credentials, and leaks no token', () => {
    expect(run.exportedEnv['GOOGLE_APPLICATION_CREDENTIALS']).toBeUndefined();
    expect(run.exportedEnv['ARM_CLIENT_ID']).toBeUndefined();
    expect(
      leakedSecrets(run, [...fx.identity.issuer.issued, ...google.issued, ...entra.issued]),
    ).toEqual([]);
  });
});
