/**
 * Which Entra authority the exchange calls (src/identity/entra-exchange.ts): the cloud's own from
 * `azure-environment`, unless Azure Identity's AZURE_AUTHORITY_HOST moves it. Observed through the
 * injected HTTP seam, so no request leaves the machine.
 */
import { AZURE_ENVIRONMENTS } from '../../src/config/azure-environment.js';
import type { AzureConfig } from '../../src/config/azure-config.js';
import { authorityHost, exchangeEntraToken } from '../../src/identity/entra-exchange.js';
import type { HttpPost } from '../../src/identity/federation-http.js';

const TENANT = '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const config = (name: keyof typeof AZURE_ENVIRONMENTS): AzureConfig => ({
  clientId: 'c0ffee00-1111-4222-8333-444455556666',
  tenantId: TENANT,
  subscriptionId: undefined,
  audience: AZURE_ENVIRONMENTS[name].tokenExchangeAudience,
  environment: AZURE_ENVIRONMENTS[name],
});

async function exchangeOnce(name: keyof typeof AZURE_ENVIRONMENTS, env: NodeJS.ProcessEnv) {
  const sent: Array<{ url: string; form: URLSearchParams }> = [];
  const http: HttpPost = (url, body) => {
    sent.push({ url, form: new URLSearchParams(body) });
    return Promise.resolve({
      status: 200,
      text: JSON.stringify({ access_token: 'entra-access', expires_in: 3599 }),
    });
  };
  const masked: string[] = [];
  await exchangeEntraToken(config(name), 'github.oidc.token', '{}', {
    http,
    authorityHost: authorityHost(env, AZURE_ENVIRONMENTS[name]),
    retry: (call) => call(),
    mask: (v) => masked.push(v),
  });
  return { sent, masked };
}

describe('the Entra authority', () => {
  it.each([
    ['public', 'https://login.microsoftonline.com', 'https://management.azure.com/.default'],
    [
      'usgovernment',
      'https://login.microsoftonline.us',
      'https://management.usgovcloudapi.net/.default',
    ],
    ['china', 'https://login.chinacloudapi.cn', 'https://management.chinacloudapi.cn/.default'],
  ] as const)('is the %s cloud’s own without AZURE_AUTHORITY_HOST', async (name, host, scope) => {
    const { sent, masked } = await exchangeOnce(name, {});
    expect(sent.map((s) => s.url)).toEqual([`${host}/${TENANT}/oauth2/v2.0/token`]);
    expect(sent[0]!.form.get('scope')).toBe(scope);
    expect(sent[0]!.form.get('client_assertion')).toBe('github.oidc.token');
    expect(masked).toEqual(['entra-access']);
  });

  it('is AZURE_AUTHORITY_HOST when set, whatever the cloud (trailing slash dropped)', async () => {
    const { sent } = await exchangeOnce('usgovernment', {
      AZURE_AUTHORITY_HOST: 'http://127.0.0.1:4000/',
    });
    expect(sent.map((s) => s.url)).toEqual([`http://127.0.0.1:4000/${TENANT}/oauth2/v2.0/token`]);
    expect(sent[0]!.form.get('scope')).toBe('https://management.usgovcloudapi.net/.default');
  });
});
