/**
 * The `secret_ids` outputs of modules/gcp-secret-store and modules/azure-secret-store, computed by
 * the real Terraform binary from the modules' own provider-free policies.tf — the references the
 * modules' postconditions hold equal to the providers' ids — so that the facts' ExternalSecret
 * tests start from what the modules really output, not from hand-written strings.
 */
import { evaluateOrThrow } from '../modules/terraform-eval.js';

export const GCP_PROJECT = 'acme-prod';
export const AZURE_VAULT_URI = 'https://acme-prod-kv.vault.azure.net/';
const AZURE_VAULT_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform-prod/providers/Microsoft.KeyVault/vaults/acme-prod-kv';

/** The module inputs the worked examples of docs/facts.md use. */
export const gcpInputs = {
  project_id: GCP_PROJECT,
  environment: 'production',
  location: 'europe-west1',
  secrets: { 'cloudsql-app-password': { generate: true }, 'jwt-secret': { generate: true } },
  accessor_members: ['serviceAccount:external-secrets@acme-prod.iam.gserviceaccount.com'],
};
export const azureInputs = {
  name: 'acme-prod-kv',
  resource_group_name: 'rg-platform-prod',
  location: 'westeurope',
  tenant_id: '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  environment: 'production',
  secrets: { 'postgres-admin-password': { generate: true }, 'jwt-secret': { generate: true } },
  reader_principal_ids: ['5a0b2c3d-1e2f-4a5b-8c9d-0e1f2a3b4c5d'],
  writer_principal_ids: ['c0ffee00-1111-4222-8333-444455556666'],
};

/** What main.tf resolves through the provider (the project number; the vault's id and URI). */
export const gcpStub = 'locals {\n  project_number = "123456789012"\n}\n';
export const azureStub = `locals {\n  vault_id  = "${AZURE_VAULT_ID}"\n  vault_uri = "${AZURE_VAULT_URI}"\n}\n`;
export const PROVIDER_FREE_FILES = ['variables.tf', 'policies.tf'] as const;

export function gcpSecretIds(vars: Record<string, unknown> = gcpInputs): Record<string, string> {
  return evaluateOrThrow(
    'gcp-secret-store',
    'secret_ids',
    vars,
    gcpStub,
    PROVIDER_FREE_FILES,
  ) as Record<string, string>;
}

export function azureSecretIds(
  vars: Record<string, unknown> = azureInputs,
): Record<string, string> {
  return evaluateOrThrow(
    'azure-secret-store',
    'secret_ids',
    vars,
    azureStub,
    PROVIDER_FREE_FILES,
  ) as Record<string, string>;
}
