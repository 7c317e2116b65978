/**
 * What terraform's google provider (and gcloud, and every Google client library) reads: an
 * external-account credentials file (https://google.aip.dev/auth/4117 — `type`, `audience`,
 * `subject_token_type`, `token_url`, `credential_source`, optional
 * `service_account_impersonation_url`) named by GOOGLE_APPLICATION_CREDENTIALS (Application Default
 * Credentials, https://cloud.google.com/docs/authentication/application-default-credentials) and
 * by CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE for gcloud, as google-github-actions/auth exports them.
 * Inside the action the subject token comes from a file the action keeps fresh (`file` source);
 * for later steps, which outlive the action, from the runner's token endpoint (`url` source with
 * the request token, as google-github-actions/auth writes it): both are documented sources.
 */
import type { GcpConfig } from '../config/gcp-config.js';
import { impersonationUrl, type GoogleEndpoints } from './google-endpoints.js';
import { JWT_TOKEN_TYPE, stsAudience } from './google-exchange.js';

export type SubjectTokenSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string; readonly requestToken: string };

export function externalAccountCredentials(
  config: GcpConfig,
  endpoints: GoogleEndpoints,
  source: SubjectTokenSource,
): Record<string, unknown> {
  return {
    type: 'external_account',
    audience: stsAudience(config),
    subject_token_type: JWT_TOKEN_TYPE,
    token_url: endpoints.tokenUrl,
    credential_source:
      source.kind === 'file'
        ? { file: source.path, format: { type: 'text' } }
        : {
            url: source.url,
            headers: { Authorization: `Bearer ${source.requestToken}` },
            format: { type: 'json', subject_token_field_name: 'value' },
          },
    ...(config.serviceAccount === undefined
      ? {}
      : { service_account_impersonation_url: impersonationUrl(endpoints, config.serviceAccount) }),
  };
}

/** Project variables the google provider (GOOGLE_PROJECT, …) and gcloud (CLOUDSDK_CORE_PROJECT) read. */
export const PROJECT_VARIABLES = [
  'GOOGLE_CLOUD_PROJECT',
  'GOOGLE_PROJECT',
  'GCLOUD_PROJECT',
  'CLOUDSDK_CORE_PROJECT',
  'CLOUDSDK_PROJECT',
] as const;

/** Credential variables pointing at the file (ADC, gcloud, google-github-actions/auth's name). */
export const CREDENTIAL_FILE_VARIABLES = [
  'GOOGLE_APPLICATION_CREDENTIALS',
  'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE',
  'GOOGLE_GHA_CREDS_PATH',
] as const;

/**
 * Variables that would win over the file in the google provider's order (credentials, then
 * access_token, then ADC: https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference#authentication-configuration):
 * left out of terraform's environment when Grape hands it Google credentials.
 */
export const COMPETING_GOOGLE_VARIABLES = [
  'GOOGLE_CREDENTIALS',
  'GOOGLE_CLOUD_KEYFILE_JSON',
  'GCLOUD_KEYFILE_JSON',
  'GOOGLE_OAUTH_ACCESS_TOKEN',
  'GOOGLE_IMPERSONATE_SERVICE_ACCOUNT',
];

export function googleEnv(config: GcpConfig, credentialsFile: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of CREDENTIAL_FILE_VARIABLES) env[name] = credentialsFile;
  if (config.projectId !== undefined)
    for (const name of PROJECT_VARIABLES) env[name] = config.projectId;
  return env;
}
