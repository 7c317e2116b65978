/**
 * The ExternalSecret hand-off's configuration: which outputs hold secret references (Secrets
 * Manager ARNs or names, Secret Manager ids, Key Vault secret ids; never values), which
 * SecretStore or ClusterSecretStore the cluster reads them through, and where the manifests go
 * (beside the facts file, in the same commit).
 */
import type { InputReader } from '../../inputs/input-reader.js';

export const STORE_KINDS = ['SecretStore', 'ClusterSecretStore'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** `whole`: the secret's value under one key; `json`: one key per field of a JSON secret. */
export type SecretShape = 'whole' | 'json';

export interface ExternalSecretSource {
  /** A Terraform output holding a secret reference (a string) or a map of them. */
  readonly output: string;
  readonly shape: SecretShape;
}

export interface ExternalSecretsConfig {
  readonly sources: readonly ExternalSecretSource[];
  readonly store: { readonly kind: StoreKind; readonly name: string };
  /** Repository path of the manifests file. */
  readonly path: string;
}

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const STORE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** `facts/shop/prod.yaml` → `facts/shop/prod.external-secrets.yaml`. */
export function externalSecretsPath(factsPath: string): string {
  const slash = factsPath.lastIndexOf('/');
  const dot = factsPath.lastIndexOf('.');
  const stem = dot > slash + 1 ? factsPath.slice(0, dot) : factsPath;
  return `${stem}.external-secrets.yaml`;
}

/** Undefined when `facts-external-secrets` is empty: the hand-off is off. */
export function readExternalSecretsConfig(
  inputs: InputReader,
  factsPath: string,
): ExternalSecretsConfig | undefined {
  const list = inputs.string('facts-external-secrets');
  const storeValue = inputs.string('facts-secret-store');
  if (list === undefined) {
    if (storeValue !== undefined)
      inputs.failCombination(
        'facts-secret-store',
        "Input 'facts-secret-store' is set but 'facts-external-secrets' is empty: list the outputs holding secret references (Secrets Manager ARNs, Secret Manager ids, Key Vault secret ids), e.g. `facts-external-secrets: db_master_user_secret_arn:json`.",
      );
    return undefined;
  }
  const sources: ExternalSecretSource[] = [];
  for (const entry of list
    .split(/[\n,]/)
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const [output = '', shape = 'whole', ...rest] = entry.split(':');
    if (!OUTPUT_NAME.test(output) || rest.length > 0 || (shape !== 'whole' && shape !== 'json')) {
      inputs.fail(
        'facts-external-secrets',
        entry,
        'not an output name, optionally followed by :json or :whole',
        "List Terraform output names holding secret references (Secrets Manager ARNs or names, Secret Manager ids, Key Vault secret ids), separated by commas or newlines; add ':json' for a JSON secret whose fields become keys, e.g. 'db_master_user_secret_arn:json, secret_arns'.",
      );
      continue;
    }
    sources.push({ output, shape });
  }
  const store = readStore(inputs, storeValue);
  if (!store || sources.length === 0) return undefined;
  return { sources, store, path: externalSecretsPath(factsPath) };
}

function readStore(
  inputs: InputReader,
  value: string | undefined,
): ExternalSecretsConfig['store'] | undefined {
  if (value === undefined) {
    inputs.failCombination(
      'facts-secret-store',
      "Input 'facts-secret-store' is required with 'facts-external-secrets': name the store External Secrets reads the secrets through, e.g. `facts-secret-store: ClusterSecretStore/aws-secrets-manager` (or `ClusterSecretStore/gcp-secret-manager`, `ClusterSecretStore/azure-key-vault`).",
    );
    return undefined;
  }
  const [kind = '', name = '', ...rest] = value.split('/');
  if (!(STORE_KINDS as readonly string[]).includes(kind) || !STORE_NAME.test(name) || rest.length) {
    inputs.fail(
      'facts-secret-store',
      value,
      "not 'SecretStore/<name>' or 'ClusterSecretStore/<name>' with a lower-case DNS name",
      "Use e.g. 'ClusterSecretStore/aws-secrets-manager', or 'SecretStore/aws' for a store in the ExternalSecret's namespace.",
    );
    return undefined;
  }
  return { kind: kind as StoreKind, name };
}
