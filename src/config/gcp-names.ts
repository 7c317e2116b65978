/**
 * Google Cloud names the GCP inputs take, with the mistakes people make with them: a project id
 * where the provider name wants the project *number*, the `//iam.googleapis.com/` audience form
 * pasted instead of the resource name, a service account's unique id instead of its email.
 * Formats: https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines
 * (provider resource name, canonical audience) and
 * https://cloud.google.com/resource-manager/docs/creating-managing-projects (project ids).
 */

/** projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER */
export const PROVIDER_NAME =
  /^projects\/(\d{1,20})\/locations\/global\/workloadIdentityPools\/([a-z0-9-]{4,32})\/providers\/([a-z0-9-]{4,32})$/;

/** A service account email: user-managed (`…iam.gserviceaccount.com`) or Google-managed. */
export const SERVICE_ACCOUNT_EMAIL = /^[a-z0-9-]{6,63}@[a-z0-9.:-]+\.gserviceaccount\.com$/;

/** 6-30 lower-case letters, digits or hyphens, starting with a letter (optionally domain-scoped). */
export const PROJECT_ID = /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export interface ProviderName {
  readonly name: string;
  readonly projectNumber: string;
  readonly pool: string;
  readonly provider: string;
}

export const PROVIDER_EXAMPLE =
  "Use the provider's full resource name, e.g. 'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape' (gcloud iam workload-identity-pools providers describe PROVIDER --workload-identity-pool=POOL --location=global --format='value(name)').";

export function parseProviderName(value: string): ProviderName | undefined {
  const match = PROVIDER_NAME.exec(value);
  if (!match) return undefined;
  return { name: value, projectNumber: match[1]!, pool: match[2]!, provider: match[3]! };
}

/** Why `value` is not a provider resource name, as specifically as we can tell. */
export function providerNameProblem(value: string): string {
  const stripped = value.replace(/^(?:https:)?\/\/iam\.googleapis\.com\//, '');
  if (stripped !== value && PROVIDER_NAME.test(stripped))
    return `an audience URL, not the resource name: drop the leading '${value.slice(0, value.length - stripped.length)}'`;
  const project = /^projects\/([^/]+)\//.exec(value)?.[1];
  if (project !== undefined && !/^\d+$/.test(project))
    return `'${project}' is a project id: the resource name takes the project number (gcloud projects describe ${project} --format='value(projectNumber)')`;
  if (/\/workloadIdentityPools\/[^/]+$/.test(value))
    return 'names the pool, not a provider in it: add /providers/PROVIDER';
  if (/\/locations\/(?!global\/)/.test(value))
    return "workload identity pools live in location 'global'";
  return 'not a workload identity pool provider resource name';
}

/** Why `value` is not a service account email. */
export function serviceAccountProblem(value: string): string {
  if (/^\d+$/.test(value)) return "a service account's unique id, not its email";
  if (!value.includes('@'))
    return 'not an email: add the domain, e.g. @PROJECT_ID.iam.gserviceaccount.com';
  return 'not a service account email';
}

/** Why `value` is not a project id. */
export function projectIdProblem(value: string): string {
  if (/^\d+$/.test(value)) return 'a project number, not a project id';
  if (/[A-Z]/.test(value)) return 'project ids are lower case';
  return 'not a project id (6-30 lower-case letters, digits or hyphens, starting with a letter)';
}

/** The audience a provider accepts when its allowed audiences are empty (the default). */
export function canonicalAudience(provider: ProviderName): string {
  return `https://iam.googleapis.com/${provider.name}`;
}
