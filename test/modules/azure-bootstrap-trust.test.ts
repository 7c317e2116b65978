/**
 * modules/azure-bootstrap's federated credentials, evaluated with the real Terraform binary
 * (trust.tf is provider-free) and handed to the loopback Entra stand-in, which matches issuer,
 * subject and audience exactly as Entra does: the listed branches and environments of the
 * repository sign in, nothing else.
 */
import { startEntra, type EntraStandIn } from '../harness/entra.js';
import { defaultClaims, startOidcIssuer, type OidcIssuer } from '../harness/oidc-issuer.js';
import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';

const TENANT = '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const CLIENT = 'c0ffee00-1111-4222-8333-444455556666';

let entra: EntraStandIn;
let issuer: OidcIssuer;
beforeAll(async () => {
  [entra, issuer] = await Promise.all([startEntra(), startOidcIssuer()]);
  const credentials = evaluateOrThrow('azure-bootstrap', 'credentials', {
    repository: 'acme/grape-runner',
    branches: ['main'],
    environments: ['production'],
  }) as Record<string, string>;
  entra.defineApplication({
    tenantId: TENANT,
    clientId: CLIENT,
    federatedCredentials: Object.values(credentials).map((subject) => ({
      issuer: issuer.issuer,
      subject,
      audiences: ['api://AzureADTokenExchange'],
    })),
  });
});
afterAll(async () => {
  await Promise.all([entra.close(), issuer.close()]);
});

async function signIn(sub: string, aud = 'api://AzureADTokenExchange'): Promise<number> {
  const assertion = await issuer.sign({ ...defaultClaims({ sub }), aud });
  const response = await fetch(`${entra.url}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: CLIENT,
      scope: 'https://management.azure.com/.default',
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  return response.status;
}

describe('azure-bootstrap federated credentials for acme/grape-runner (main, production)', () => {
  it('names one credential per subject, within Entra’s name rules', () => {
    expect(
      evaluateOrThrow('azure-bootstrap', 'credentials', {
        repository: 'acme/grape-runner',
        branches: ['main'],
        environments: ['production'],
      }),
    ).toEqual({
      'repo-acme-grape-runner-ref-refs-heads-main': 'repo:acme/grape-runner:ref:refs/heads/main',
      'repo-acme-grape-runner-environment-production':
        'repo:acme/grape-runner:environment:production',
    });
  });

  it.each([
    ['the main branch', 'repo:acme/grape-runner:ref:refs/heads/main'],
    ['the production environment', 'repo:acme/grape-runner:environment:production'],
  ])('lets %s sign in', async (_what, sub) => {
    expect(await signIn(sub)).toBe(200);
  });

  it.each([
    ['another branch', 'repo:acme/grape-runner:ref:refs/heads/dev'],
    ['another environment', 'repo:acme/grape-runner:environment:staging'],
    ['another repository', 'repo:acme/other:ref:refs/heads/main'],
    ['a pull request', 'repo:acme/grape-runner:pull_request'],
  ])('refuses %s', async (_what, sub) => {
    expect(await signIn(sub)).toBe(400);
  });

  it('refuses another audience', async () => {
    expect(await signIn('repo:acme/grape-runner:ref:refs/heads/main', 'api://other')).toBe(400);
  });
});

describe('azure-bootstrap variable validation', () => {
  it.each([
    [{ repository: 'acme/*' }, 'without wildcards'],
    [{ repository: 'acme/x', branches: ['release/*'] }, 'Branch names cannot hold wildcards'],
    [
      { repository: 'acme/x', identity_type: 'service-principal' },
      'must be "user-assigned" or "app-registration"',
    ],
    [
      {
        repository: 'acme/x',
        role_assignments: [{ scope: 'rg-app', role_definition_name: 'Reader' }],
      },
      'must be a resource id starting with "/subscriptions/"',
    ],
  ])('refuses %j', (vars, message) => {
    const result = evaluateLocal('azure-bootstrap', 'subjects', vars);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.replace(/\s+/g, ' ')).toContain(message);
  });
});
