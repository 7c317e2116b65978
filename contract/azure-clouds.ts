/**
 * The Azure clouds (the action's `azure-environment`, a project's `azure.environment`): each is a
 * separate Entra instance with its own authority host, its own audience for federated tokens and
 * its own Resource Manager, so a token from one is worthless in another. Names are the azurerm provider's `environment` / ARM_ENVIRONMENT values
 * (https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs#environment-1: `public`,
 * `usgovernment`, `china`; `german` closed in 2021 and was dropped in azurerm 4.0).
 * Authority hosts: https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
 * (login.microsoftonline.com, login.microsoftonline.us, login.chinacloudapi.cn).
 * Federated credential audiences: https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust
 * (api://AzureADTokenExchange, api://AzureADTokenExchangeUSGov, api://AzureADTokenExchangeChina).
 * Resource Manager: https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure
 * and https://learn.microsoft.com/azure/china/resources-developer-guide.
 */

export const AZURE_ENVIRONMENT_NAMES = ['public', 'usgovernment', 'china'] as const;
export type AzureEnvironmentName = (typeof AZURE_ENVIRONMENT_NAMES)[number];

export interface AzureEnvironment {
  readonly name: AzureEnvironmentName;
  /** Entra's authority host (AZURE_AUTHORITY_HOST overrides it, as Azure Identity does). */
  readonly authorityHost: string;
  /** The GitHub OIDC token's `aud` Entra expects by default in this cloud. */
  readonly tokenExchangeAudience: string;
  /** The client-credentials scope: this cloud's Resource Manager. */
  readonly armScope: string;
}

export const AZURE_ENVIRONMENTS: Readonly<Record<AzureEnvironmentName, AzureEnvironment>> = {
  public: {
    name: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    tokenExchangeAudience: 'api://AzureADTokenExchange',
    armScope: 'https://management.azure.com/.default',
  },
  usgovernment: {
    name: 'usgovernment',
    authorityHost: 'https://login.microsoftonline.us',
    tokenExchangeAudience: 'api://AzureADTokenExchangeUSGov',
    armScope: 'https://management.usgovcloudapi.net/.default',
  },
  china: {
    name: 'china',
    authorityHost: 'https://login.chinacloudapi.cn',
    tokenExchangeAudience: 'api://AzureADTokenExchangeChina',
    armScope: 'https://management.chinacloudapi.cn/.default',
  },
};
