/**
 * What an output may hold to be handed over as an ExternalSecret reference, per cloud (issue 19's
 * "the hand-off is one mechanism", issue 18's clouds), and the `remoteRef` the External Secrets
 * Operator's provider for that store expects:
 * - AWS Secrets Manager: the ARN or the name, as is (provider `aws`, service SecretsManager);
 * - Google Secret Manager: `projects/P/secrets/N[/versions/V]` (`google_secret_manager_secret.id`)
 *   → key `N`, version `V` (provider `gcpsm` takes the secret's name within the store's project:
 *   https://external-secrets.io/latest/provider/google-secrets-manager/);
 * - Azure Key Vault: `https://VAULT.vault.azure.net/secrets/N[/VERSION]`
 *   (`azurerm_key_vault_secret.id` / `versionless_id`) → key `secret/N`, version `VERSION`
 *   (provider `azurekv`: https://external-secrets.io/latest/provider/azure-key-vault/).
 */
export interface SecretReference {
  readonly cloud: 'aws' | 'gcp' | 'azure';
  readonly key: string;
  readonly version?: string;
}

// Service-managed secrets (RDS's `rds!db-…`) carry a '!' that user-chosen names cannot.
const AWS_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+$/;
const AWS_NAME = /^[A-Za-z0-9/_+=.@!-]{1,512}$/;
const GCP_SECRET =
  /^projects\/[a-z0-9][a-z0-9.:-]{0,62}\/secrets\/([A-Za-z0-9_-]{1,255})(?:\/versions\/(latest|\d+))?$/;
const AZURE_SECRET =
  /^https:\/\/[a-z0-9-]{3,24}\.vault\.(?:azure\.net|azure\.cn|usgovcloudapi\.net)\/secrets\/([A-Za-z0-9-]{1,127})(?:\/([0-9a-f]{32}))?\/?$/;

export function parseSecretReference(value: unknown): SecretReference | undefined {
  if (typeof value !== 'string') return undefined;
  const gcp = GCP_SECRET.exec(value);
  if (gcp) return { cloud: 'gcp', key: gcp[1]!, ...(gcp[2] ? { version: gcp[2] } : {}) };
  const azure = AZURE_SECRET.exec(value);
  if (azure)
    return {
      cloud: 'azure',
      key: `secret/${azure[1]!}`,
      ...(azure[2] ? { version: azure[2] } : {}),
    };
  if (AWS_ARN.test(value) || AWS_NAME.test(value)) return { cloud: 'aws', key: value };
  return undefined;
}
