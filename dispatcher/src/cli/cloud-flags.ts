/**
 * `grape project create`'s Google Cloud and Azure flags (issue 18), turned into the request body's
 * `gcp` / `azure` objects, and each body field named back as its flag when the schema refuses it.
 */
import { AZURE_ENVIRONMENT_NAMES } from '../../../contract/azure-clouds.js';
import { CliError } from './cli-io.js';

export interface CloudFlagValues {
  readonly gcpProvider?: string;
  readonly gcpServiceAccount?: string;
  readonly gcpProject?: string;
  readonly azureClientId?: string;
  readonly azureTenantId?: string;
  readonly azureSubscriptionId?: string;
  readonly azureEnvironment?: string;
}

/** Body field (JSON pointer) → the flag that sets it. */
export const CLOUD_FLAGS: Readonly<Record<string, string>> = {
  '/gcp': '--gcp-provider',
  '/gcp/workloadIdentityProvider': '--gcp-provider',
  '/gcp/serviceAccount': '--gcp-service-account',
  '/gcp/projectId': '--gcp-project',
  '/azure': '--azure-tenant-id',
  '/azure/clientId': '--azure-client-id',
  '/azure/tenantId': '--azure-tenant-id',
  '/azure/subscriptionId': '--azure-subscription-id',
  '/azure/environment': '--azure-environment',
};

export function cloudIdentities(o: CloudFlagValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const gcpGiven = o.gcpProvider ?? o.gcpServiceAccount ?? o.gcpProject;
  if (gcpGiven !== undefined && o.gcpProvider === undefined)
    throw new CliError(
      '--gcp-provider is required with --gcp-service-account or --gcp-project: Google Cloud credentials start from a workload identity pool provider, e.g. --gcp-provider projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape.',
    );
  if (gcpGiven !== undefined)
    body['gcp'] = {
      ...(o.gcpProvider !== undefined ? { workloadIdentityProvider: o.gcpProvider } : {}),
      ...(o.gcpServiceAccount !== undefined ? { serviceAccount: o.gcpServiceAccount } : {}),
      ...(o.gcpProject !== undefined ? { projectId: o.gcpProject } : {}),
    };
  const azureGiven =
    o.azureClientId ?? o.azureTenantId ?? o.azureSubscriptionId ?? o.azureEnvironment;
  if (azureGiven !== undefined && (o.azureClientId === undefined || o.azureTenantId === undefined))
    throw new CliError(
      '--azure-client-id and --azure-tenant-id go together: Entra federation needs the client id of the app registration or managed identity and its tenant, e.g. --azure-client-id 11111111-2222-3333-4444-555555555555 --azure-tenant-id 66666666-7777-8888-9999-000000000000.',
    );
  const cloud = o.azureEnvironment;
  if (cloud !== undefined && !(AZURE_ENVIRONMENT_NAMES as readonly string[]).includes(cloud))
    throw new CliError(
      `--azure-environment '${cloud}' is not an Azure cloud azurerm knows: use one of ${AZURE_ENVIRONMENT_NAMES.join(', ')} (azurerm's ARM_ENVIRONMENT names), e.g. --azure-environment usgovernment.`,
    );
  if (azureGiven !== undefined)
    body['azure'] = {
      ...(o.azureClientId !== undefined ? { clientId: o.azureClientId } : {}),
      ...(o.azureTenantId !== undefined ? { tenantId: o.azureTenantId } : {}),
      ...(o.azureSubscriptionId !== undefined ? { subscriptionId: o.azureSubscriptionId } : {}),
      ...(o.azureEnvironment !== undefined ? { environment: o.azureEnvironment } : {}),
    };
  return body;
}
