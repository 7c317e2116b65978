/**
 * How a cloud's token service checks a GitHub OIDC token, shared by the Google and Entra
 * stand-ins: the issuer's discovery document gives the JWKS (`jwks_uri`), the signature (RS256),
 * `exp`/`nbf` and `iss` are verified; the audience and the trust condition are each stand-in's.
 */
import { createRemoteJWKSet, jwtVerify, decodeJwt, errors, type JWTPayload } from 'jose';

export type TokenProblem = 'malformed' | 'issuer' | 'signature' | 'expired';

export class TokenRejected extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

export function githubTokenVerifier(): (
  token: string,
  trustedIssuer: string,
) => Promise<JWTPayload> {
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  return async (token, trustedIssuer) => {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new TokenRejected('malformed', 'the subject token is not a JWT');
    }
    if (unverified.iss !== trustedIssuer)
      throw new TokenRejected(
        'issuer',
        `The issuer in ID Token ${String(unverified.iss)} does not match the expected ones`,
      );
    let keys = keySets.get(trustedIssuer);
    if (!keys) {
      const discovery = (await (
        await fetch(`${trustedIssuer}/.well-known/openid-configuration`)
      ).json()) as { jwks_uri: string };
      keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
      keySets.set(trustedIssuer, keys);
    }
    try {
      return (await jwtVerify(token, keys, { issuer: trustedIssuer, algorithms: ['RS256'] }))
        .payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        throw new TokenRejected('expired', 'ID Token expired');
      throw new TokenRejected('signature', 'Invalid JWT signature');
    }
  };
}

/** The token's audiences as a list. */
export const audiencesOf = (claims: JWTPayload): string[] =>
  Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
