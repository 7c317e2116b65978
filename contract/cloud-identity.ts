/**
 * The Google Cloud and Azure identities a deployment spec may carry beside AWS (issue 18): which
 * workload identity pool provider (and service account) or which Entra tenant, client and
 * subscription the action federates with. Identifiers only — never a secret: the spec is a
 * workflow input, visible in the Actions UI. The patterns are the action inputs' own
 * (src/identity/gcp-names.ts, src/identity/azure-config.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { AZURE_ENVIRONMENT_NAMES } from './azure-clouds.js';

export const GCP_PROVIDER_PATTERN =
  '^projects/\\d{1,20}/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}/providers/[a-z0-9-]{4,32}$';
export const GCP_SERVICE_ACCOUNT_PATTERN = '^[a-z0-9-]{6,63}@[a-z0-9.:-]+\\.gserviceaccount\\.com$';
export const GCP_PROJECT_ID_PATTERN = '^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$';
export const GUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const AZURE_TENANT_PATTERN = `${GUID_PATTERN}|^(?=.{4,253}$)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+$`;

const strict = { additionalProperties: false } as const;

export const SpecGcp = Type.Object(
  {
    workloadIdentityProvider: Type.String({
      pattern: GCP_PROVIDER_PATTERN,
      description: 'The pool provider trusted with the GitHub OIDC token',
      examples: [
        'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape',
      ],
    }),
    serviceAccount: Type.Optional(
      Type.String({
        pattern: GCP_SERVICE_ACCOUNT_PATTERN,
        description: 'Service account impersonated; absent: direct federation',
        examples: ['grape-deploy@acme-prod.iam.gserviceaccount.com'],
      }),
    ),
    projectId: Type.Optional(
      Type.String({ pattern: GCP_PROJECT_ID_PATTERN, examples: ['acme-prod'] }),
    ),
  },
  strict,
);
export type SpecGcp = Static<typeof SpecGcp>;

export const SpecAzure = Type.Object(
  {
    clientId: Type.String({
      pattern: GUID_PATTERN,
      description: 'App registration or managed identity client id',
    }),
    tenantId: Type.String({ pattern: AZURE_TENANT_PATTERN, description: 'Directory (tenant) id' }),
    subscriptionId: Type.Optional(Type.String({ pattern: GUID_PATTERN })),
    environment: Type.Optional(
      Type.Union(
        AZURE_ENVIRONMENT_NAMES.map((name) => Type.Literal(name)),
        { description: "The Azure cloud, azurerm's ARM_ENVIRONMENT; absent: public" },
      ),
    ),
  },
  strict,
);
export type SpecAzure = Static<typeof SpecAzure>;

/** The action inputs a spec's cloud identities decide. */
export function cloudInputs(spec: { gcp?: SpecGcp; azure?: SpecAzure }): Record<string, string> {
  const inputs: Record<string, string> = {};
  if (spec.gcp) {
    inputs['gcp-workload-identity-provider'] = spec.gcp.workloadIdentityProvider;
    if (spec.gcp.serviceAccount) inputs['gcp-service-account'] = spec.gcp.serviceAccount;
    if (spec.gcp.projectId) inputs['gcp-project-id'] = spec.gcp.projectId;
  }
  if (spec.azure) {
    inputs['azure-client-id'] = spec.azure.clientId;
    inputs['azure-tenant-id'] = spec.azure.tenantId;
    if (spec.azure.subscriptionId) inputs['azure-subscription-id'] = spec.azure.subscriptionId;
    if (spec.azure.environment) inputs['azure-environment'] = spec.azure.environment;
  }
  return inputs;
}
