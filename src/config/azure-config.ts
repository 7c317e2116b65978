/**
 * The Azure inputs (`azure-*`), parsed and checked before any network call. Ids are GUIDs as the
 * portal shows them; a tenant may also be named by one of its domains, which the Entra token
 * endpoint accepts in place of the id (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 */
import type { InputReader } from '../inputs/input-reader.js';
import {
  AZURE_ENVIRONMENTS,
  AZURE_ENVIRONMENT_NAMES,
  azureEnvironmentAlias,
  type AzureEnvironment,
  type AzureEnvironmentName,
} from './azure-environment.js';

export interface AzureConfig {
  readonly clientId: string;
  readonly tenantId: string;
  readonly subscriptionId: string | undefined;
  /** The GitHub OIDC token's `aud`; the federated credential's audience. */
  readonly audience: string;
  /** The cloud (`azure-environment`): Entra authority, default audience, ARM_ENVIRONMENT. */
  readonly environment: AzureEnvironment;
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
  const environment = readEnvironment(inputs);
  // The runner materialises action.yml's default (the public cloud's audience): only a value the
  // workflow chose replaces the one Microsoft documents for the chosen cloud.
  const audience = inputs.isSet('azure-audience')
    ? inputs.string('azure-audience')!
    : environment.tokenExchangeAudience;

  if (clientId === undefined) {
    for (const name of ['azure-tenant-id', 'azure-subscription-id'] as const) {
      if (inputs.string(name) !== undefined)
        inputs.failCombination(
          name,
          `Input '${name}' is set but 'azure-client-id' is not: Azure credentials need the client id of the app registration or managed identity whose federated credential trusts this workflow. Set 'azure-client-id' (a GUID such as '00000000-0000-0000-0000-000000000000'), or remove '${name}'.`,
        );
    }
    for (const name of ['azure-audience', 'azure-environment'] as const) {
      if (inputs.isSet(name))
        inputs.failCombination(
          name,
          `Input '${name}' is set but 'azure-client-id' is not. Set 'azure-client-id' and 'azure-tenant-id', or remove '${name}'.`,
        );
    }
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
      `Use the federated credential's audience, normally '${environment.tokenExchangeAudience}'.`,
    );
  if (!GUID.test(clientId) || tenantId === undefined) return undefined;
  return { clientId: clientId.toLowerCase(), tenantId, subscriptionId, audience, environment };
}

function readEnvironment(inputs: InputReader): AzureEnvironment {
  const value = inputs.string('azure-environment');
  if (value === undefined) return AZURE_ENVIRONMENTS.public;
  const name = value.toLowerCase();
  if ((AZURE_ENVIRONMENT_NAMES as readonly string[]).includes(name))
    return AZURE_ENVIRONMENTS[name as AzureEnvironmentName];
  const alias = azureEnvironmentAlias(value);
  const good = AZURE_ENVIRONMENT_NAMES.map((n) => `'${n}'`).join(', ');
  inputs.fail(
    'azure-environment',
    value,
    alias === undefined
      ? 'not an Azure cloud azurerm knows'
      : `another tool's name for a cloud: azurerm (ARM_ENVIRONMENT) calls it '${alias}'`,
    `Use one of: ${good}.`,
  );
  return AZURE_ENVIRONMENTS.public;
}
