/**
 * The Azure inputs (`azure-*`), parsed and checked before any network call. Ids are GUIDs as the
 * portal shows them; a tenant may also be named by one of its domains, which the Entra token
 * endpoint accepts in place of the id (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 */
import type { InputReader } from '../inputs/input-reader.js';

export interface AzureConfig {
  readonly clientId: string;
  readonly tenantId: string;
  readonly subscriptionId: string | undefined;
  /** The GitHub OIDC token's `aud`; the federated credential's audience. */
  readonly audience: string;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^(?=.{4,253}$)[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
export const DEFAULT_AZURE_AUDIENCE = 'api://AzureADTokenExchange';

const guidProblem = (value: string): string =>
  /^\{.*\}$/.test(value)
    ? 'a GUID in braces: drop the { }'
    : /^\/subscriptions\//.test(value)
      ? 'a resource id, not the subscription GUID'
      : 'not a GUID';

export function readAzureConfig(inputs: InputReader): AzureConfig | undefined {
  const clientId = inputs.string('azure-client-id');
  const tenantId = inputs.string('azure-tenant-id');
  const subscriptionId = inputs.string('azure-subscription-id');
  const audience = inputs.string('azure-audience') ?? DEFAULT_AZURE_AUDIENCE;

  if (clientId === undefined) {
    for (const name of ['azure-tenant-id', 'azure-subscription-id'] as const) {
      if (inputs.string(name) !== undefined)
        inputs.failCombination(
          name,
          `Input '${name}' is set but 'azure-client-id' is not: Azure credentials need the client id of the app registration or managed identity whose federated credential trusts this workflow. Set 'azure-client-id' (a GUID such as '00000000-0000-0000-0000-000000000000'), or remove '${name}'.`,
        );
    }
    if (inputs.isSet('azure-audience'))
      inputs.failCombination(
        'azure-audience',
        "Input 'azure-audience' is set but 'azure-client-id' is not. Set 'azure-client-id' and 'azure-tenant-id', or remove 'azure-audience'.",
      );
    return undefined;
  }
  const example =
    "e.g. '11111111-2222-3333-4444-555555555555' (az ad app show --id APP --query appId)";
  if (!GUID.test(clientId))
    inputs.fail(
      'azure-client-id',
      clientId,
      guidProblem(clientId),
      `Use the application (client) id, ${example}.`,
    );
  if (tenantId === undefined)
    inputs.failCombination(
      'azure-tenant-id',
      "Input 'azure-tenant-id' is required with 'azure-client-id': Entra issues the token in one directory. Add e.g. `azure-tenant-id: 11111111-2222-3333-4444-555555555555` (az account show --query tenantId).",
    );
  else if (!GUID.test(tenantId) && !TENANT_DOMAIN.test(tenantId))
    inputs.fail(
      'azure-tenant-id',
      tenantId,
      guidProblem(tenantId),
      "Use the directory (tenant) id, e.g. '11111111-2222-3333-4444-555555555555', or its domain, e.g. 'contoso.onmicrosoft.com'.",
    );
  if (subscriptionId !== undefined && !GUID.test(subscriptionId))
    inputs.fail(
      'azure-subscription-id',
      subscriptionId,
      guidProblem(subscriptionId),
      "Use the subscription id, e.g. '11111111-2222-3333-4444-555555555555' (az account show --query id).",
    );
  if (/\s/.test(audience))
    inputs.fail(
      'azure-audience',
      audience,
      'contains white space',
      `Use the federated credential's audience, normally '${DEFAULT_AZURE_AUDIENCE}'.`,
    );
  if (!GUID.test(clientId) || tenantId === undefined) return undefined;
  return { clientId: clientId.toLowerCase(), tenantId, subscriptionId, audience };
}
