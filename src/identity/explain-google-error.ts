/**
 * Turns a refused Google exchange into what to change. Google STS answers OAuth errors
 * (`{"error": "...", "error_description": "..."}`, RFC 6749 §5.2); IAM Credentials answers
 * Google's API error (`{"error": {"code", "message", "status"}}`,
 * https://cloud.google.com/apis/design/errors). The descriptions matched below are the texts
 * those services send for each misconfiguration; the message shows the token's claims, never
 * the token.
 */
import { GrapeError, errorMessage } from '../errors.js';
import { FederationHttpError } from './federation-http.js';
import type { GcpConfig } from '../config/gcp-config.js';

export type GoogleStage =
  | { readonly kind: 'sts'; readonly config: GcpConfig; readonly claims: string }
  | { readonly kind: 'impersonation'; readonly config: GcpConfig; readonly claims: string };

function describe(error: unknown): { status: number | undefined; code: string; text: string } {
  if (!(error instanceof FederationHttpError))
    return { status: undefined, code: '', text: errorMessage(error) };
  const body = error.body;
  if (typeof body['error'] === 'string')
    return {
      status: error.status,
      code: body['error'],
      text: `${body['error']}: ${String(body['error_description'] ?? '')}`.trim(),
    };
  const api = body['error'] as { status?: string; message?: string } | undefined;
  if (api && typeof api === 'object')
    return {
      status: error.status,
      code: api.status ?? '',
      text: `${api.status ?? error.status}: ${api.message ?? ''}`,
    };
  return { status: error.status, code: '', text: error.message };
}

export function explainGoogleError(error: unknown, stage: GoogleStage): GrapeError {
  const { status, code, text } = describe(error);
  const { config, claims } = stage;
  const provider = config.provider.name;
  const repository = /repository='([^']*)'/.exec(claims)?.[1] ?? 'OWNER/REPO';
  if (stage.kind === 'sts') {
    const prefix = `Google STS refused the GitHub OIDC token for workload identity provider ${provider} (${text}).`;
    if (/attribute condition/i.test(text))
      return new GrapeError(
        `${prefix}\nThe provider's attribute condition rejected this token. Its claims: ${claims}.\n` +
          `The condition must accept them, e.g. \`assertion.repository == '${repository}'\` (modules/gcp-bootstrap sets it from 'repository' and 'workflow').`,
        { cause: error },
      );
    if (/audience/i.test(text) && code !== 'invalid_target')
      return new GrapeError(
        `${prefix}\nThe token's audience '${config.audience}' is not one the provider accepts. Its claims: ${claims}.\n` +
          `Leave 'gcp-audience' unset and the provider's allowed audiences empty (the default accepts 'https://iam.googleapis.com/${provider}'), or set 'gcp-audience' to one of its allowed audiences.`,
        { cause: error },
      );
    if (code === 'invalid_target' || status === 404)
      return new GrapeError(
        `${prefix}\nThe pool or provider does not exist or is disabled. Check 'gcp-workload-identity-provider' (project number ${config.provider.projectNumber}, pool '${config.provider.pool}', provider '${config.provider.provider}'): gcloud iam workload-identity-pools providers describe ${config.provider.provider} --workload-identity-pool=${config.provider.pool} --location=global --project=${config.provider.projectNumber}.`,
        { cause: error },
      );
    if (/issuer|signature|jwks|expired/i.test(text))
      return new GrapeError(
        `${prefix}\nThe provider does not trust GitHub's token issuer or signature. Its issuer URI must be 'https://token.actions.githubusercontent.com' (for GHES, your server's issuer). Token claims: ${claims}.`,
        { cause: error },
      );
    return new GrapeError(`${prefix}\nToken claims: ${claims}.`, { cause: error });
  }
  const sa = config.serviceAccount ?? '';
  const prefix = `Could not impersonate service account ${sa} with the federated token (IAM Credentials generateAccessToken: ${text}).`;
  if (status === 403 || code === 'PERMISSION_DENIED')
    return new GrapeError(
      `${prefix}\nThe federated identity may not act as this service account. Grant it roles/iam.workloadIdentityUser on ${sa} to ` +
        `'principalSet://iam.googleapis.com/projects/${config.provider.projectNumber}/locations/global/workloadIdentityPools/${config.provider.pool}/attribute.repository/${repository}' ` +
        `(modules/gcp-bootstrap does), and check the email. Token claims: ${claims}.`,
      { cause: error },
    );
  if (status === 404 || code === 'NOT_FOUND')
    return new GrapeError(
      `${prefix}\nThe service account does not exist: check 'gcp-service-account' (gcloud iam service-accounts list).`,
      { cause: error },
    );
  return new GrapeError(prefix, { cause: error });
}
