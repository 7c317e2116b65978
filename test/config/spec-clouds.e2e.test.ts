/**
 * A dispatcher's signed spec naming Google Cloud and Azure identities drives the bundled action's
 * federation: the spec's `gcp` / `azure` become the action's inputs and the exchanges run before
 * terraform — shown with a trust the Google stand-in refuses, which fails the run at the identity
 * step with its explanation and reports the failure to the dispatcher.
 */
import { generateKeyPairSync } from 'node:crypto';
import { runAction } from '../harness/action-runner.js';
import {
  AZURE_CLIENT,
  AZURE_TENANT,
  GCP_PROVIDER,
  GCP_UNBOUND_SERVICE_ACCOUNT,
  startCloudIdentityFixture,
  type CloudIdentityFixture,
} from '../harness/cloud-identity-fixture.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import { signSpec } from '../../contract/sign-spec.js';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let fx: CloudIdentityFixture;
let dispatcher: LoopbackServer;
const reports: Record<string, unknown>[] = [];
beforeAll(async () => {
  fx = await startCloudIdentityFixture();
  dispatcher = await listenOnLoopback(async (req, res) => {
    reports.push(JSON.parse((await readBody(req)).toString()) as Record<string, unknown>);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
  });
});
afterAll(async () => {
  await Promise.all([fx.close(), dispatcher.close()]);
});

const spec = (): DeploymentSpec => ({
  v: 1,
  deploymentId: 'dep_0123456789abcdef0456',
  tenantId: 'ten_0123456789abcdef0123',
  project: { id: 'prj_0123456789abcdef0123', name: 'multi' },
  environment: 'dev',
  operation: 'plan',
  source: { repository: 'acme/grape-runner', ref: 'main', path: '' },
  aws: { region: 'eu-west-1', sessionDurationSeconds: 3600 },
  gcp: { workloadIdentityProvider: GCP_PROVIDER, serviceAccount: GCP_UNBOUND_SERVICE_ACCOUNT },
  azure: { clientId: AZURE_CLIENT, tenantId: AZURE_TENANT },
  variables: {},
  callback: { url: `${dispatcher.url}/v1/runs/report`, audience: 'https://grape.test' },
});

describe('a spec naming Google Cloud and Azure', () => {
  it('federates with the spec’s identities before terraform and reports a refused trust', async () => {
    const jws = await signSpec(spec(), {
      key: privateKey,
      kid: 'k',
      now: Math.floor(Date.now() / 1000),
      expiresInSeconds: 3600,
    });
    fx.google.calls.length = 0;
    const run = await runAction({
      inputs: { spec: jws, 'spec-public-key': publicPem },
      env: fx.env,
    });
    expect(run.exitCode).toBe(1);
    expect(fx.google.calls.map((c) => [c.api, c.status])).toEqual([
      ['sts', 200],
      ['iamcredentials', 403],
    ]);
    expect(fx.google.calls[1]!.params).toMatchObject({ email: GCP_UNBOUND_SERVICE_ACCOUNT });
    expect(run.errors.join('\n')).toContain(
      `Could not impersonate service account ${GCP_UNBOUND_SERVICE_ACCOUNT} with the federated token`,
    );
    // Terraform never started: the engine step's group is absent.
    expect(run.stdout).not.toContain('Install terraform');
    expect(reports.at(-1)).toMatchObject({
      deploymentId: 'dep_0123456789abcdef0456',
      status: 'failed',
    });
  });
});

describe('a spec naming an Azure sovereign cloud', () => {
  const sign = (environment: 'china') => {
    const { gcp: _gcp, ...rest } = spec();
    return signSpec(
      { ...rest, azure: { clientId: AZURE_CLIENT, tenantId: AZURE_TENANT, environment } },
      { key: privateKey, kid: 'k', now: Math.floor(Date.now() / 1000), expiresInSeconds: 3600 },
    );
  };

  it('has the action federate in that cloud: its audience, its Resource Manager', async () => {
    fx.entra.calls.length = 0;
    fx.issuer.audiences.length = 0;
    const run = await runAction({
      inputs: { spec: await sign('china'), 'spec-public-key': publicPem },
      env: fx.env,
    });
    // The fixture's application trusts the public cloud's audience only: Entra refuses.
    expect(run.exitCode).toBe(1);
    expect(fx.issuer.audiences).toContain('api://AzureADTokenExchangeChina');
    expect(fx.issuer.audiences).not.toContain('api://AzureADTokenExchange');
    expect(fx.entra.calls.map((c) => [c.params['scope'], c.status])).toEqual([
      ['https://management.chinacloudapi.cn/.default', 400],
    ]);
    expect(run.errors.join('\n')).toContain("audience 'api://AzureADTokenExchangeChina'");
    expect(run.stdout).not.toContain('Install terraform');
  });

  it('refuses a workflow input naming another cloud', async () => {
    fx.entra.calls.length = 0;
    const run = await runAction({
      inputs: {
        spec: await sign('china'),
        'spec-public-key': publicPem,
        'azure-environment': 'usgovernment',
      },
      env: fx.env,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain("'azure-environment'");
    expect(fx.entra.calls).toEqual([]);
  });
});
