/**
 * Renders ExternalSecret manifests (external-secrets.io/v1) for the outputs that hold secret
 * references (AWS Secrets Manager, Google Secret Manager, Azure Key Vault): each points the
 * External Secrets Operator at the entry, through the store the user named, and the operator
 * reads the value inside the cluster. Only references are ever read here: a sensitive output is
 * refused, its value never touched. Deterministic, like the facts: the same outputs give the same
 * bytes, so an unchanged apply makes no commit.
 */
import { Document } from 'yaml';
import { GrapeError } from '../../errors.js';
import type { TerraformOutputs } from './parse-outputs.js';
import type {
  ExternalSecretSource,
  ExternalSecretsConfig,
} from '../../config/facts/external-secrets-config.js';
import { parseSecretReference, type SecretReference } from './secret-reference.js';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';
/** How often the operator re-reads the entry (a rotated value reaches the cluster within it). */
export const REFRESH_INTERVAL = '1h';
/** The Kubernetes Secret key a `whole` secret's value is written under. */
export const WHOLE_VALUE_KEY = 'value';

const HEADER =
  ' ExternalSecrets written by Grape beside the infra facts (references only, never values).\n Do not edit: the next apply replaces this file.';

interface Reference {
  readonly name: string;
  readonly origin: string;
  readonly remote: SecretReference;
  readonly source: ExternalSecretSource;
}

/** A DNS-1123 subdomain name for the ExternalSecret and its target Secret. */
export function externalSecretName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 253)
    .replace(/[^a-z0-9]+$/, '');
}

const problem = (output: string, what: string): GrapeError =>
  new GrapeError(
    `Input 'facts-external-secrets' names output '${output}', which ${what}. List outputs holding Secrets Manager ARNs or names, Google Secret Manager secrets ('projects/P/secrets/N') or Azure Key Vault secret ids ('https://VAULT.vault.azure.net/secrets/N') (a string, or a map of them such as secret-store's 'secret_arns' or gcp-secret-store's and azure-secret-store's 'secret_ids'); for a sensitive value, store it in the cloud's secret store and list the output of its reference.`,
  );

function referencesOf(outputs: TerraformOutputs, source: ExternalSecretSource): Reference[] {
  const output = outputs.get(source.output);
  // Absent (a typo, or after a destroy): no ExternalSecret, so ArgoCD prunes it; publish warns.
  if (!output) return [];
  // Its value is never read, printed or written: only its name is.
  if (output.sensitive) throw problem(source.output, 'is sensitive');
  const { value } = output;
  if (typeof value === 'string') {
    const remote = parseSecretReference(value);
    if (!remote) throw problem(source.output, 'is not a secret reference');
    // `db_master_user_secret_arn` names the Secret `db-master-user`, `db_password_secret_id`
    // `db-password`: the suffix says what the output holds, not what the secret is.
    const name = source.output.replace(/(_secret)?_(arn|name|id)$/, '');
    return [{ name, origin: source.output, remote, source }];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([entry, ref]) => {
        const remote = parseSecretReference(ref);
        if (!remote)
          throw problem(source.output, `has entry '${entry}' that is not a secret reference`);
        return { name: entry, origin: `${source.output}["${entry}"]`, remote, source };
      });
  }
  throw problem(source.output, 'is neither a string nor a map of strings');
}

function manifest(
  ref: Reference,
  config: ExternalSecretsConfig,
  names: { readonly project: string; readonly environment: string },
): Record<string, unknown> {
  const name = externalSecretName(ref.name);
  const remote = {
    key: ref.remote.key,
    ...(ref.remote.version === undefined ? {} : { version: ref.remote.version }),
  };
  return {
    apiVersion: EXTERNAL_SECRET_API_VERSION,
    kind: 'ExternalSecret',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/managed-by': 'grape',
        'grape.dev/environment': names.environment,
        'grape.dev/project': names.project,
      },
      annotations: { 'grape.dev/terraform-output': ref.origin },
    },
    spec: {
      refreshInterval: REFRESH_INTERVAL,
      secretStoreRef: { kind: config.store.kind, name: config.store.name },
      target: { name, creationPolicy: 'Owner' },
      ...(ref.source.shape === 'json'
        ? { dataFrom: [{ extract: remote }] }
        : { data: [{ secretKey: WHOLE_VALUE_KEY, remoteRef: remote }] }),
    },
  };
}

/** Listed outputs the apply did not produce (skipped by the renderer). */
export function missingOutputs(outputs: TerraformOutputs, config: ExternalSecretsConfig): string[] {
  return config.sources.map((s) => s.output).filter((name) => !outputs.has(name));
}

/** The manifests file: one YAML document per secret, in name order (only the header if none). */
export function renderExternalSecrets(
  outputs: TerraformOutputs,
  config: ExternalSecretsConfig,
  names: { readonly project: string; readonly environment: string },
): string {
  const refs = config.sources.flatMap((source) => referencesOf(outputs, source));
  const byName = new Map<string, Reference>();
  for (const ref of refs) {
    const name = externalSecretName(ref.name);
    const clash = byName.get(name);
    if (name === '' || clash)
      throw new GrapeError(
        `Input 'facts-external-secrets': ${ref.origin} ${clash ? `and ${clash.origin} both give the ExternalSecret name '${name}'` : 'gives no usable Kubernetes name'}. Rename one of the outputs or map entries, e.g. 'db-password'.`,
      );
    byName.set(name, ref);
  }
  const sorted = [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  if (sorted.length === 0) return `${HEADER.replace(/^/gm, '#')}\n`;
  return sorted
    .map(([, ref], i) => {
      const doc = new Document(manifest(ref, config, names), { version: '1.1' });
      if (i === 0) doc.commentBefore = HEADER;
      return doc.toString({ lineWidth: 0, indentSeq: true });
    })
    .join('---\n');
}
