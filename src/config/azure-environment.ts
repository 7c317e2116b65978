/**
 * The `azure-environment` input's clouds (contract/azure-clouds.ts holds them, shared with the
 * dispatcher), and the other tools' names for them, so a value pasted from the Azure CLI is
 * answered with azurerm's name.
 */
export {
  AZURE_ENVIRONMENTS,
  AZURE_ENVIRONMENT_NAMES,
  type AzureEnvironment,
  type AzureEnvironmentName,
} from '../../contract/azure-clouds.js';
import type { AzureEnvironmentName } from '../../contract/azure-clouds.js';

/** The Azure CLI's and Azure PowerShell's names for the same clouds, to point at ours. */
const OTHER_NAMES: Readonly<Record<string, AzureEnvironmentName>> = {
  azurecloud: 'public',
  azurepubliccloud: 'public',
  azureusgovernment: 'usgovernment',
  azureusgovernmentcloud: 'usgovernment',
  usgov: 'usgovernment',
  azurechinacloud: 'china',
};

/** The azurerm name another tool's name for a cloud stands for, if any. */
export function azureEnvironmentAlias(value: string): AzureEnvironmentName | undefined {
  return OTHER_NAMES[value.toLowerCase().replace(/[\s_-]/g, '')];
}
