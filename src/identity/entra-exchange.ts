/**
 * Microsoft Entra workload identity federation, performed once by the action before terraform
 * runs so a misconfigured federated credential fails early: the GitHub OIDC token is the
 * `client_assertion` of a client-credentials grant at
 * `{authority host}/{tenant}/oauth2/v2.0/token`
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#third-case-access-token-request-with-a-federated-credential),
 * as Azure/login and azurerm do. The authority host is Azure Identity's AZURE_AUTHORITY_HOST
 * setting (https://learn.microsoft.com/azure/developer/javascript/sdk/authentication/credential-chains)
 * when set — the stand-ins of the tests — and otherwise the authority of `azure-environment`'s
 * cloud (azure-environment.ts), whose Resource Manager is also the scope asked for.
 */
import type { AzureConfig } from '../config/azure-config.js';
import type { AzureEnvironment } from '../config/azure-environment.js';
import { explainEntraError } from './explain-entra-error.js';
import { postJson, type HttpPost } from './federation-http.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface EntraExchangeDeps {
  readonly http: HttpPost;
  readonly authorityHost: string;
  readonly retry: <T>(call: () => Promise<T>) => Promise<T>;
  readonly mask: (value: string) => void;
}

export interface EntraAccess {
  readonly expiresAt: Date | undefined;
}

export function authorityHost(env: NodeJS.ProcessEnv, cloud: AzureEnvironment): string {
  return (env['AZURE_AUTHORITY_HOST']?.trim() || cloud.authorityHost).replace(/\/+$/, '');
}

export async function exchangeEntraToken(
  config: AzureConfig,
  githubToken: string,
  claims: string,
  deps: EntraExchangeDeps,
): Promise<EntraAccess> {
  const url = `${deps.authorityHost}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
  const form = new URLSearchParams({
    client_id: config.clientId,
    scope: config.environment.armScope,
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER_ASSERTION,
    client_assertion: githubToken,
  });
  try {
    const answer = await deps.retry(() =>
      postJson(deps.http, url, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
    );
    const accessToken = String(answer.body['access_token'] ?? '');
    if (accessToken === '') throw new Error('no access_token in the answer');
    deps.mask(accessToken);
    const expiresIn = Number(answer.body['expires_in']);
    return {
      expiresAt: Number.isFinite(expiresIn) ? new Date(Date.now() + expiresIn * 1000) : undefined,
    };
  } catch (error) {
    throw explainEntraError(error, config, claims);
  }
}
