/**
 * Where the Google exchange goes. The defaults are Google's public endpoints; gcloud's endpoint
 * overrides (properties `api_endpoint_overrides/sts` and `api_endpoint_overrides/iamcredentials`,
 * set from the environment as CLOUDSDK_API_ENDPOINT_OVERRIDES_STS / _IAMCREDENTIALS, each a base
 * URL to which the API version is appended: https://cloud.google.com/sdk/gcloud/reference/topic/configurations)
 * point it elsewhere (Private Service Connect, a stand-in). The credentials file terraform reads
 * carries the same URLs (`token_url`, `service_account_impersonation_url`), the external-account
 * settings Google's auth libraries honour (https://google.aip.dev/auth/4117), so terraform talks
 * to the endpoint the action checked.
 */
export interface GoogleEndpoints {
  /** RFC 8693 token exchange, e.g. https://sts.googleapis.com/v1/token */
  readonly tokenUrl: string;
  /** IAM Credentials base, e.g. https://iamcredentials.googleapis.com/v1/ */
  readonly iamCredentials: string;
}

const base = (value: string | undefined, fallback: string): string => {
  const chosen = value?.trim() || fallback;
  return chosen.endsWith('/') ? chosen : `${chosen}/`;
};

export function googleEndpoints(env: NodeJS.ProcessEnv): GoogleEndpoints {
  return {
    tokenUrl: `${base(env['CLOUDSDK_API_ENDPOINT_OVERRIDES_STS'], 'https://sts.googleapis.com/')}v1/token`,
    iamCredentials: `${base(env['CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS'], 'https://iamcredentials.googleapis.com/')}v1/`,
  };
}

/** IAM Credentials generateAccessToken for a service account. */
export function impersonationUrl(endpoints: GoogleEndpoints, serviceAccount: string): string {
  return `${endpoints.iamCredentials}projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`;
}
