/**
 * A project names its clouds (issue 18): a Google Cloud pool provider (+ service account,
 * project) and/or an Entra tenant, client and subscription beside the AWS role. The API stores and
 * shows them, refuses malformed ones with 400 naming the field, the bootstrap shows each cloud's
 * onboarding for the runner workflow, and the signed spec carries them to the action, which turns
 * them into its gcp-* / azure-* inputs.
 */
import { verifySpec } from '../../../contract/verify-spec.js';
import { specInputs } from '../../../src/config/spec-config.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  projectBody,
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

const GCP = {
  workloadIdentityProvider:
    'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape',
  serviceAccount: 'grape-deploy@acme-prod.iam.gserviceaccount.com',
  projectId: 'acme-prod',
};
const AZURE = {
  clientId: 'c0ffee00-1111-4222-8333-444455556666',
  tenantId: '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  subscriptionId: '5abcc41b-0000-4000-8000-000000000001',
};

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});

const createProject = (payload: Record<string, unknown>) =>
  grape.request({ method: 'POST', url: '/v1/projects', token: acme.admin, payload });

describe('a project on all three clouds', () => {
  let project: Record<string, unknown>;
  beforeAll(async () => {
    const res = await createProject({ ...projectBody, name: 'multi', gcp: GCP, azure: AZURE });
    expect(res.statusCode).toBe(201);
    project = res.json();
  });

  it('is stored and shown with its Google and Azure identities', async () => {
    expect(project).toMatchObject({ gcp: GCP, azure: AZURE, roleArn: projectBody.roleArn });
    const read = await grape.request({
      method: 'GET',
      url: '/v1/projects/multi',
      token: acme.viewer,
    });
    expect(read.json()).toMatchObject({ gcp: GCP, azure: AZURE });
  });

  it('serves each cloud’s onboarding for the runner workflow', async () => {
    const boot = (
      await grape.request({
        method: 'GET',
        url: '/v1/projects/multi/bootstrap',
        token: acme.viewer,
      })
    ).json();
    expect(boot.gcp.trust).toEqual({
      repository: 'acme/grape-runner',
      workflow: `.github/workflows/${grape.config.executor.kind === 'github' ? grape.config.executor.github.workflow : ''}`,
      attributeCondition: expect.stringContaining("assertion.repository == 'acme/grape-runner'"),
    });
    expect(boot.gcp.terraform.snippet).toContain(
      'source = "github.com/grape/deploy//modules/gcp-bootstrap"',
    );
    expect(boot.gcp.terraform.snippet).toContain('service_account_id = "grape-deploy"');
    expect(boot.gcp.actionInputs).toEqual({
      'gcp-workload-identity-provider': GCP.workloadIdentityProvider,
      'gcp-service-account': GCP.serviceAccount,
      'gcp-project-id': GCP.projectId,
    });
    expect(boot.azure.trust).toEqual({
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:acme/grape-runner:ref:refs/heads/main',
      audience: 'api://AzureADTokenExchange',
    });
    expect(boot.azure.terraform.snippet).toContain(
      `scope                = "/subscriptions/${AZURE.subscriptionId}"`,
    );
    expect(boot.cloudFormation.stackName).toBe('grape-bootstrap');
  });

  it('puts both identities in the signed spec, which the action maps onto its inputs', async () => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'multi', environment: 'dev', operation: 'plan' },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    await grape.ctx.loop.tick();
    const run = environment.actions.runsFor(id)[0]!;
    const spec = await verifySpec(run.inputs['spec']!, {
      publicKey: grape.ctx.specKey.publicKeyPem,
      now: Math.floor(environment.clock().getTime() / 1000),
    });
    expect(spec.gcp).toEqual(GCP);
    expect(spec.azure).toEqual(AZURE);
    expect(specInputs(spec)).toMatchObject({
      'gcp-workload-identity-provider': GCP.workloadIdentityProvider,
      'gcp-service-account': GCP.serviceAccount,
      'gcp-project-id': GCP.projectId,
      'azure-client-id': AZURE.clientId,
      'azure-tenant-id': AZURE.tenantId,
      'azure-subscription-id': AZURE.subscriptionId,
    });
  });
});

describe('a project in the Azure US Government cloud', () => {
  it('onboards with the cloud’s audience and puts the cloud in the spec and the inputs', async () => {
    const azure = { ...AZURE, environment: 'usgovernment' };
    const created = await createProject({ ...projectBody, name: 'usgov', azure });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ azure });
    const boot = (
      await grape.request({
        method: 'GET',
        url: '/v1/projects/usgov/bootstrap',
        token: acme.viewer,
      })
    ).json();
    expect(boot.azure.trust.audience).toBe('api://AzureADTokenExchangeUSGov');
    expect(boot.azure.actionInputs['azure-environment']).toBe('usgovernment');
    expect(boot.azure.terraform.snippet).toContain(
      'audience            = "api://AzureADTokenExchangeUSGov"',
    );
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'usgov', environment: 'dev', operation: 'plan' },
    });
    await grape.ctx.loop.tick();
    const run = environment.actions.runsFor(res.json().id as string)[0]!;
    const spec = await verifySpec(run.inputs['spec']!, {
      publicKey: grape.ctx.specKey.publicKeyPem,
      now: Math.floor(environment.clock().getTime() / 1000),
    });
    expect(spec.azure).toEqual(azure);
    expect(specInputs(spec)['azure-environment']).toBe('usgovernment');
  });
});

describe('a project without AWS, on Google Cloud only', () => {
  it('is created without a role and its spec carries only the Google identity', async () => {
    const { roleArn: _aws, ...withoutRole } = projectBody;
    const res = await createProject({
      ...withoutRole,
      name: 'gcp-only',
      gcp: { workloadIdentityProvider: GCP.workloadIdentityProvider },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      roleArn: null,
      azure: null,
      gcp: { workloadIdentityProvider: GCP.workloadIdentityProvider },
    });
  });
});

describe('odd cloud identities', () => {
  it.each([
    [
      'a project id in the provider name',
      {
        gcp: {
          workloadIdentityProvider: GCP.workloadIdentityProvider.replace(
            '123456789012',
            'acme-prod',
          ),
        },
      },
      'body.gcp.workloadIdentityProvider',
    ],
    [
      'a service account without its domain',
      { gcp: { ...GCP, serviceAccount: 'grape-deploy' } },
      'body.gcp.serviceAccount',
    ],
    [
      'an unknown Google field',
      { gcp: { ...GCP, credentialsJson: '{}' } },
      'body.gcp.credentialsJson',
    ],
    [
      'a client id that is not a GUID',
      { azure: { ...AZURE, clientId: 'grape-app' } },
      'body.azure.clientId',
    ],
    [
      'a subscription given as a resource id',
      { azure: { ...AZURE, subscriptionId: `/subscriptions/${AZURE.subscriptionId}` } },
      'body.azure.subscriptionId',
    ],
    [
      'an Azure client secret',
      { azure: { ...AZURE, clientSecret: 'hunter2' } },
      'body.azure.clientSecret',
    ],
    [
      'an Azure cloud azurerm does not know',
      { azure: { ...AZURE, environment: 'german' } },
      'body.azure.environment',
    ],
    [
      'an Azure identity without a tenant',
      { azure: { clientId: AZURE.clientId } },
      'body.azure.tenantId',
    ],
  ])('refuses %s with 400 naming the field', async (_what, extra, field) => {
    const res = await createProject({ ...projectBody, name: 'odd', ...extra });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0].field).toBe(field);
    expect(res.body).not.toContain('hunter2');
  });
});
