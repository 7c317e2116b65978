/**
 * Turns a refused Entra token request into what to change. Entra answers OAuth errors with an
 * AADSTS code in `error_codes` and `error_description`
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes); the codes matched
 * here are the ones a misconfigured federation produces. Shows the token's claims, never the token.
 */
import { GrapeError, errorMessage } from '../errors.js';
import type { AzureConfig } from '../config/azure-config.js';
import { FederationHttpError } from './federation-http.js';

function aadsts(error: unknown): { codes: number[]; text: string } {
  if (!(error instanceof FederationHttpError)) return { codes: [], text: errorMessage(error) };
  const codes = Array.isArray(error.body['error_codes'])
    ? (error.body['error_codes'] as unknown[]).map(Number)
    : [];
  const description = String(error.body['error_description'] ?? '').split(/\r?\n/)[0] ?? '';
  const text = `${String(error.body['error'] ?? error.message)}: ${description}`;
  return { codes, text };
}

export function explainEntraError(error: unknown, config: AzureConfig, claims: string): GrapeError {
  const { codes, text } = aadsts(error);
  const sub = /sub='([^']*)'/.exec(claims)?.[1] ?? 'repo:OWNER/REPO:ref:refs/heads/main';
  const prefix = `Microsoft Entra refused the GitHub OIDC token for client ${config.clientId} in tenant ${config.tenantId} (${text}).`;
  if (codes.includes(70021) || codes.includes(700213))
    return new GrapeError(
      `${prefix}\nNo federated credential of the app or managed identity matches this token. Its claims: ${claims}.\n` +
        `Add a federated credential with issuer 'https://token.actions.githubusercontent.com', subject '${sub}' and audience '${config.audience}' ` +
        `(az ad app federated-credential create, or modules/azure-bootstrap).`,
      { cause: error },
    );
  if (codes.includes(700016))
    return new GrapeError(
      `${prefix}\nNo application with this client id exists in the tenant: check 'azure-client-id' (the application's client id, not its object id) and 'azure-tenant-id'.`,
      { cause: error },
    );
  if (codes.includes(90002) || codes.includes(900023))
    return new GrapeError(
      `${prefix}\nThe tenant does not exist: check 'azure-tenant-id' (az account show --query tenantId).`,
      { cause: error },
    );
  if (codes.includes(700024) || codes.includes(700211) || codes.includes(50027))
    return new GrapeError(
      `${prefix}\nEntra did not accept the token's issuer, signature or lifetime. Token claims: ${claims}. Check the federated credential's issuer and that the runner's clock is right.`,
      { cause: error },
    );
  if (codes.includes(700212) || /audience/i.test(text))
    return new GrapeError(
      `${prefix}\nThe token's audience '${config.audience}' is not the federated credential's. Set 'azure-audience' to the credential's audience (normally '${config.environment.tokenExchangeAudience}').`,
      { cause: error },
    );
  return new GrapeError(`${prefix}\nToken claims: ${claims}.`, { cause: error });
}
