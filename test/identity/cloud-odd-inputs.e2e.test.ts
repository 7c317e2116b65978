/**
 * Odd inputs for every Google Cloud and Azure input: each is refused before any network call, with
 * a message naming the input, the value's problem and what a good value looks like. Run through
 * the bundle, as a user would meet them.
 */
import { runAction, type ActionRun } from '../harness/action-runner.js';

const PROVIDER =
  'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape';
const GUID = '11111111-2222-3333-4444-555555555555';
/** Unreachable on purpose: a test passes only if nothing is sent. */
const NO_NETWORK = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
  CLOUDSDK_API_ENDPOINT_OVERRIDES_STS: 'http://127.0.0.1:9/',
  CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS: 'http://127.0.0.1:9/',
  AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9',
};

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({ inputs: { operation: 'credentials', ...inputs }, env: NO_NETWORK });

const gcp = (extra: Record<string, string>): Record<string, string> => ({
  'gcp-workload-identity-provider': PROVIDER,
  ...extra,
});
const azure = (extra: Record<string, string>): Record<string, string> => ({
  'azure-client-id': GUID,
  'azure-tenant-id': GUID,
  ...extra,
});

const cases: Array<[string, Record<string, string>, string]> = [
  [
    'gcp-workload-identity-provider with the project id instead of its number',
    { 'gcp-workload-identity-provider': PROVIDER.replace('123456789012', 'acme-prod') },
    "Input 'gcp-workload-identity-provider' is 'projects/acme-prod/locations/global/workloadIdentityPools/github/providers/grape': 'acme-prod' is a project id: the resource name takes the project number (gcloud projects describe acme-prod --format='value(projectNumber)'). Use the provider's full resource name, e.g. 'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape'",
  ],
  [
    'gcp-workload-identity-provider given as the audience URL',
    { 'gcp-workload-identity-provider': `//iam.googleapis.com/${PROVIDER}` },
    "an audience URL, not the resource name: drop the leading '//iam.googleapis.com/'",
  ],
  [
    'gcp-workload-identity-provider naming only the pool',
    { 'gcp-workload-identity-provider': PROVIDER.replace('/providers/grape', '') },
    'names the pool, not a provider in it: add /providers/PROVIDER',
  ],
  [
    'gcp-workload-identity-provider in a region',
    { 'gcp-workload-identity-provider': PROVIDER.replace('global', 'europe-west1') },
    "workload identity pools live in location 'global'",
  ],
  [
    'gcp-workload-identity-provider that is something else entirely',
    { 'gcp-workload-identity-provider': 'my-pool' },
    "Input 'gcp-workload-identity-provider' is 'my-pool': not a workload identity pool provider resource name.",
  ],
  [
    'gcp-service-account given as its unique id',
    gcp({ 'gcp-service-account': '112233445566778899' }),
    "Input 'gcp-service-account' is '112233445566778899': a service account's unique id, not its email. Use the service account's email, e.g. 'grape-deploy@my-project.iam.gserviceaccount.com'.",
  ],
  [
    'gcp-service-account without its domain',
    gcp({ 'gcp-service-account': 'grape-deploy' }),
    "Input 'gcp-service-account' is 'grape-deploy': not an email: add the domain, e.g. @PROJECT_ID.iam.gserviceaccount.com.",
  ],
  [
    'gcp-service-account of a user',
    gcp({ 'gcp-service-account': 'alice@example.com' }),
    "Input 'gcp-service-account' is 'alice@example.com': not a service account email.",
  ],
  [
    'gcp-project-id given as the project number',
    gcp({ 'gcp-project-id': '123456789012' }),
    "Input 'gcp-project-id' is '123456789012': a project number, not a project id. Use the project id, e.g. 'my-project-123' (gcloud projects list).",
  ],
  [
    'gcp-project-id in upper case',
    gcp({ 'gcp-project-id': 'Acme-Prod' }),
    "Input 'gcp-project-id' is 'Acme-Prod': project ids are lower case.",
  ],
  [
    'gcp-audience with white space',
    gcp({ 'gcp-audience': 'https://iam.googleapis.com/ x' }),
    "Input 'gcp-audience' is 'https://iam.googleapis.com/ x': contains white space. Leave it unset for the provider's default audience",
  ],
  [
    'gcp-service-account without a provider',
    { 'gcp-service-account': 'grape-deploy@acme-prod.iam.gserviceaccount.com' },
    "Input 'gcp-service-account' is set but 'gcp-workload-identity-provider' is not: Google Cloud credentials start from a workload identity pool provider.",
  ],
  [
    'gcp-project-id without a provider',
    { 'gcp-project-id': 'acme-prod' },
    "Input 'gcp-project-id' is set but 'gcp-workload-identity-provider' is not",
  ],
  [
    'gcp-audience without a provider',
    { 'gcp-audience': 'https://example.com' },
    "Input 'gcp-audience' is set but 'gcp-workload-identity-provider' is not",
  ],
  [
    'azure-client-id that is not a GUID',
    azure({ 'azure-client-id': 'grape-app' }),
    "Input 'azure-client-id' is 'grape-app': not a GUID. Use the application (client) id, e.g. '11111111-2222-3333-4444-555555555555' (az ad app show --id APP --query appId).",
  ],
  [
    'azure-client-id in braces',
    azure({ 'azure-client-id': `{${GUID}}` }),
    'a GUID in braces: drop the { }',
  ],
  [
    'azure-client-id without azure-tenant-id',
    { 'azure-client-id': GUID },
    "Input 'azure-tenant-id' is required with 'azure-client-id': Entra issues the token in one directory.",
  ],
  [
    'azure-tenant-id that is neither a GUID nor a domain',
    azure({ 'azure-tenant-id': 'my tenant' }),
    "Input 'azure-tenant-id' is 'my tenant': not a GUID. Use the directory (tenant) id, e.g. '11111111-2222-3333-4444-555555555555', or its domain, e.g. 'contoso.onmicrosoft.com'.",
  ],
  [
    'azure-tenant-id without azure-client-id',
    { 'azure-tenant-id': GUID },
    "Input 'azure-tenant-id' is set but 'azure-client-id' is not",
  ],
  [
    'azure-subscription-id given as a resource id',
    azure({ 'azure-subscription-id': `/subscriptions/${GUID}` }),
    `Input 'azure-subscription-id' is '/subscriptions/${GUID}': a resource id, not the subscription GUID. Use the subscription id`,
  ],
  [
    'azure-subscription-id that is a name',
    azure({ 'azure-subscription-id': 'Production' }),
    "Input 'azure-subscription-id' is 'Production': not a GUID.",
  ],
  [
    'azure-subscription-id without azure-client-id',
    { 'azure-subscription-id': GUID },
    "Input 'azure-subscription-id' is set but 'azure-client-id' is not",
  ],
  [
    'azure-audience with white space',
    azure({ 'azure-audience': 'api://Azure AD' }),
    "Input 'azure-audience' is 'api://Azure AD': contains white space. Use the federated credential's audience, normally 'api://AzureADTokenExchange'.",
  ],
  [
    'azure-audience without azure-client-id',
    { 'azure-audience': 'api://custom' },
    "Input 'azure-audience' is set but 'azure-client-id' is not.",
  ],
  [
    'azure-environment naming no cloud azurerm knows',
    azure({ 'azure-environment': 'germany' }),
    "Input 'azure-environment' is 'germany': not an Azure cloud azurerm knows. Use one of: 'public', 'usgovernment', 'china'.",
  ],
  [
    'azure-environment in the Azure CLI’s spelling',
    azure({ 'azure-environment': 'AzureChinaCloud' }),
    "Input 'azure-environment' is 'AzureChinaCloud': another tool's name for a cloud: azurerm (ARM_ENVIRONMENT) calls it 'china'.",
  ],
  [
    'azure-environment without azure-client-id',
    { 'azure-environment': 'usgovernment' },
    "Input 'azure-environment' is set but 'azure-client-id' is not.",
  ],
];

describe('odd Google Cloud and Azure inputs', () => {
  it.each(cases)(
    'refuses %s with a message that names the input and the fix',
    async (_name, inputs, expected) => {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toContain(expected);
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      expect(result.exportedEnv['GOOGLE_APPLICATION_CREDENTIALS']).toBeUndefined();
      expect(result.exportedEnv['ARM_CLIENT_ID']).toBeUndefined();
    },
  );

  it('accepts the default azure-audience without azure-client-id (the runner sets every default)', async () => {
    const result = await run({ 'azure-audience': 'api://AzureADTokenExchange' });
    expect(result.exitCode).toBe(0);
    expect(result.exportedEnv['ARM_CLIENT_ID']).toBeUndefined();
  });

  it('reports every bad cloud input at once', async () => {
    const result = await run({
      'gcp-workload-identity-provider': 'nope',
      'azure-client-id': 'nope',
      'azure-tenant-id': GUID,
    });
    expect(result.errors[0]).toMatch(
      /^2 action inputs are invalid:\n- Input 'gcp-workload-identity-provider'.*\n- Input 'azure-client-id'/,
    );
  });
});
