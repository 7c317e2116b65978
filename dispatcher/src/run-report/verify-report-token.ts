/**
 * The run's GitHub OIDC token, as the report's credential: signature through the issuer's JWKS
 * (fetched and cached by jose), issuer, audience (the dispatcher's), RS256 only, time with the
 * injected clock. `exp` and `iat` are required and the age is bounded: `iat` may not lie in the
 * future (beyond the clock tolerance) nor further back than MAX_TOKEN_AGE_SECONDS, so a token
 * without an expiry, or one minted long ago, is refused. GitHub's tokens carry both claims
 * (https://docs.github.com/en/actions/reference/security/oidc, "Understanding the OIDC token").
 * Which repository and run it must name is checked by the report route.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';

export interface ReportClaims {
  readonly repository: string;
  readonly run_id: string;
  readonly sub: string;
  readonly [claim: string]: unknown;
}

/** Seconds of clock difference tolerated between the issuer and this server. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/**
 * The oldest `iat` accepted. The action asks for its token right before it reports (GitHub's
 * tokens live minutes), so an hour is generous.
 */
export const MAX_TOKEN_AGE_SECONDS = 3600;

export type ReportVerifier = (token: string) => Promise<ReportClaims>;

export function createReportVerifier(
  settings: { issuer: string; jwksUrl: string; audience: string },
  clock: () => Date,
): ReportVerifier {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
  });
  return async (token) => {
    const { payload } = await jwtVerify(token, jwks, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['RS256'],
      currentDate: clock(),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
    });
    if (typeof payload['repository'] !== 'string' || typeof payload['run_id'] !== 'string')
      throw new Error(
        'the token has no repository/run_id claims: it is not a GitHub Actions token',
      );
    return payload as unknown as ReportClaims;
  };
}
