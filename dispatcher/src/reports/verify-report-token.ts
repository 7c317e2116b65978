/**
 * The run's GitHub OIDC token, as the report's credential: signature through the issuer's JWKS
 * (fetched and cached by jose), issuer, audience (the dispatcher's), RS256 only, time with the
 * injected clock. Which repository and run it must name is checked by the report route.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';

export interface ReportClaims {
  readonly repository: string;
  readonly run_id: string;
  readonly sub: string;
  readonly [claim: string]: unknown;
}

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
      clockTolerance: 30,
    });
    if (typeof payload['repository'] !== 'string' || typeof payload['run_id'] !== 'string')
      throw new Error(
        'the token has no repository/run_id claims: it is not a GitHub Actions token',
      );
    return payload as unknown as ReportClaims;
  };
}
