/** The dispatcher's half of the spec contract: a compact JWS (ES256) with a short expiry. */
import { SignJWT } from 'jose';
import type { KeyObject } from 'node:crypto';
import { SPEC_ISSUER, SPEC_JWS_TYPE, type DeploymentSpec } from './deployment-spec.js';

export interface SignSpecOptions {
  readonly key: KeyObject;
  /** Key id (the public key's JWK thumbprint), so a runner can hold the old and new key during rotation. */
  readonly kid: string;
  /** Seconds since the epoch. */
  readonly now: number;
  readonly expiresInSeconds: number;
}

export function signSpec(spec: DeploymentSpec, options: SignSpecOptions): Promise<string> {
  return new SignJWT({ spec })
    .setProtectedHeader({ alg: 'ES256', typ: SPEC_JWS_TYPE, kid: options.kid })
    .setIssuer(SPEC_ISSUER)
    .setSubject(spec.deploymentId)
    .setIssuedAt(options.now)
    .setNotBefore(options.now - 60)
    .setExpirationTime(options.now + options.expiresInSeconds)
    .sign(options.key);
}
