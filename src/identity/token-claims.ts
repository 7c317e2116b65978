/** The claims of a GitHub OIDC token that a trust policy matches on — safe to show, unlike the token. */
import { decodeJwt } from 'jose';

const SHOWN = [
  'sub',
  'aud',
  'repository',
  'ref',
  'environment',
  'job_workflow_ref',
  'event_name',
] as const;

export function describeTokenClaims(token: string): string {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    return '(the token could not be decoded)';
  }
  return SHOWN.filter((name) => claims[name] !== undefined)
    .map(
      (name) =>
        `${name}='${Array.isArray(claims[name]) ? (claims[name] as unknown[]).join(',') : String(claims[name])}'`,
    )
    .join(', ');
}
