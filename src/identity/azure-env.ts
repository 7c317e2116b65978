/**
 * What azurerm and azuread read for OIDC authentication
 * (https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/service_principal_oidc):
 * ARM_USE_OIDC, ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID, ARM_ENVIRONMENT (the cloud:
 * public, usgovernment, china), and the assertion as one of
 * ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH (azurerm ≥ 3.25, azuread ≥ 2.29) or
 * ARM_OIDC_REQUEST_URL + ARM_OIDC_REQUEST_TOKEN (the provider asks the runner for a token with
 * audience api://AzureADTokenExchange). Terraform inside the action gets the token file the action
 * keeps fresh (it never sees the runner's request token); later steps get the request URL/token,
 * which stays valid for the whole job, or, with another audience (a sovereign cloud's included:
 * the providers' request asks for the public one), the token itself.
 */
import type { AzureConfig } from '../config/azure-config.js';
import { DEFAULT_AZURE_AUDIENCE } from '../config/azure-config.js';

export type AzureAssertion =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'request'; readonly url: string; readonly requestToken: string }
  | { readonly kind: 'token'; readonly token: string };

export function azureEnv(config: AzureConfig, assertion: AzureAssertion): Record<string, string> {
  const env: Record<string, string> = {
    ARM_USE_OIDC: 'true',
    ARM_CLIENT_ID: config.clientId,
    ARM_TENANT_ID: config.tenantId,
    ARM_ENVIRONMENT: config.environment.name,
  };
  if (config.subscriptionId !== undefined) env['ARM_SUBSCRIPTION_ID'] = config.subscriptionId;
  if (assertion.kind === 'file') env['ARM_OIDC_TOKEN_FILE_PATH'] = assertion.path;
  else if (assertion.kind === 'token') env['ARM_OIDC_TOKEN'] = assertion.token;
  else {
    env['ARM_OIDC_REQUEST_URL'] = assertion.url;
    env['ARM_OIDC_REQUEST_TOKEN'] = assertion.requestToken;
  }
  return env;
}

/** Exported variables for later steps: the request URL/token when the provider's default audience fits. */
export function exportedAssertion(
  config: AzureConfig,
  env: NodeJS.ProcessEnv,
  token: string,
): AzureAssertion {
  const url = env['ACTIONS_ID_TOKEN_REQUEST_URL'];
  const requestToken = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
  if (config.audience === DEFAULT_AZURE_AUDIENCE && url && requestToken)
    return { kind: 'request', url, requestToken };
  return { kind: 'token', token };
}

/** Other azurerm credentials that would win over OIDC (client certificate, client secret, MSI, CLI). */
export const COMPETING_AZURE_VARIABLES = [
  'ARM_CLIENT_SECRET',
  'ARM_CLIENT_CERTIFICATE',
  'ARM_CLIENT_CERTIFICATE_PATH',
  'ARM_CLIENT_CERTIFICATE_PASSWORD',
  'ARM_USE_MSI',
  'ARM_OIDC_TOKEN',
  'ARM_OIDC_TOKEN_FILE_PATH',
  'ARM_OIDC_REQUEST_URL',
  'ARM_OIDC_REQUEST_TOKEN',
];
