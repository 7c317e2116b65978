/**
 * Azure's sovereign clouds (`azure-environment`) end to end: the bundled action asks GitHub for
 * the cloud's token exchange audience, asks Entra (the loopback stand-in, through
 * AZURE_AUTHORITY_HOST) for that cloud's Resource Manager, and exports ARM_ENVIRONMENT with the
 * token itself (azurerm's own token request asks for the public audience). The authority each
 * cloud uses without the override is entra-authority.test.ts's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import {
  AZURE_CLIENT,
  AZURE_TENANT,
  startCloudIdentityFixture,
  type CloudIdentityFixture,
} from '../harness/cloud-identity-fixture.js';

const US_GOV_CLIENT = '0a0a0a0a-1111-4222-8333-000000000001';
const CHINA_CLIENT = '0a0a0a0a-1111-4222-8333-000000000002';
const SUBJECT = 'repo:acme/grape-runner:ref:refs/heads/main';

let fx: CloudIdentityFixture;
let runnerTemp: string;
beforeAll(async () => {
  fx = await startCloudIdentityFixture();
  runnerTemp = await mkdtemp(path.join(tmpdir(), 'grape-azure-clouds-'));
  const trust = (clientId: string, audience: string) =>
    fx.entra.defineApplication({
      tenantId: AZURE_TENANT,
      clientId,
      federatedCredentials: [{ issuer: fx.issuer.issuer, subject: SUBJECT, audiences: [audience] }],
    });
  trust(US_GOV_CLIENT, 'api://AzureADTokenExchangeUSGov');
  trust(CHINA_CLIENT, 'api://AzureADTokenExchangeChina');
});
afterAll(async () => {
  await fx.close();
  await rm(runnerTemp, { recursive: true, force: true });
});

const credentialsRun = (clientId: string, environment: string): Promise<ActionRun> => {
  fx.entra.calls.length = 0;
  return runAction({
    inputs: {
      operation: 'credentials',
      'azure-client-id': clientId,
      'azure-tenant-id': AZURE_TENANT,
      'azure-environment': environment,
    },
    env: { ...fx.env, RUNNER_TEMP: runnerTemp },
  });
};
const secrets = (): string[] => [fx.issuer.requestToken, ...fx.issuer.issued, ...fx.entra.issued];

describe.each([
  [
    'usgovernment',
    US_GOV_CLIENT,
    'api://AzureADTokenExchangeUSGov',
    'https://management.usgovcloudapi.net/.default',
  ],
  [
    'china',
    CHINA_CLIENT,
    'api://AzureADTokenExchangeChina',
    'https://management.chinacloudapi.cn/.default',
  ],
])('Azure cloud %s', (environment, clientId, audience, scope) => {
  let run: ActionRun;
  beforeAll(async () => {
    run = await credentialsRun(clientId, environment);
  });

  it('asks GitHub for the cloud’s audience and Entra for the cloud’s Resource Manager', () => {
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(fx.issuer.audiences.at(-1)).toBe(audience);
    expect(fx.entra.calls).toHaveLength(1);
    expect(fx.entra.calls[0]).toMatchObject({
      tenant: AZURE_TENANT,
      status: 200,
      params: { client_id: clientId, scope },
    });
    expect(run.stdout).toContain(`Microsoft Entra (${environment} cloud, tenant ${AZURE_TENANT}`);
  });

  it('exports ARM_ENVIRONMENT and the token itself, masked', () => {
    expect(run.exportedEnv).toMatchObject({
      ARM_USE_OIDC: 'true',
      ARM_CLIENT_ID: clientId,
      ARM_TENANT_ID: AZURE_TENANT,
      ARM_ENVIRONMENT: environment,
      ARM_OIDC_TOKEN: fx.issuer.issued.at(-1),
    });
    expect(run.exportedEnv['ARM_OIDC_REQUEST_URL']).toBeUndefined();
    expect(run.masks).toContain(run.exportedEnv['ARM_OIDC_TOKEN']);
    expect(leakedSecrets(run, secrets())).toEqual([]);
  });

  it('has its post step clear ARM_ENVIRONMENT with the rest', async () => {
    const post = await runAction({ entry: 'post.js', state: run.state });
    expect(post.exitCode).toBe(0);
    expect(post.exportedEnv).toMatchObject({ ARM_ENVIRONMENT: '', ARM_OIDC_TOKEN: '' });
  });
});

describe('a federated credential made for another cloud', () => {
  it('is refused by Entra, explained with the audience the token carried', async () => {
    // The fixture's application trusts only the public audience.
    const run = await credentialsRun(AZURE_CLIENT, 'usgovernment');
    expect(run.exitCode).toBe(1);
    expect(fx.entra.calls.map((c) => c.status)).toEqual([400]);
    expect(run.errors.join('\n')).toContain("audience 'api://AzureADTokenExchangeUSGov'");
    expect(leakedSecrets(run, secrets())).toEqual([]);
  });
});
