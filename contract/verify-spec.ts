/**
 * The action's half of the spec contract: verifies the compact JWS with jose, the library the
 * dispatcher signs it with (sign-spec.ts) — ES256 pinned, the `grape-spec+jwt` type, the issuer,
 * expiry and not-before with a small leeway, no unknown critical header — then the payload's
 * schema and subject, without any network call, so the action can refuse a tampered or expired
 * spec before doing anything else. Each refusal is worded for the person who triggered the run.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import {
  DeploymentSpecSchema,
  SPEC_ISSUER,
  SPEC_JWS_TYPE,
  type DeploymentSpec,
} from './deployment-spec.js';

export class SpecError extends Error {
  override readonly name = 'SpecError';
}

export interface VerifySpecOptions {
  /** The dispatcher's public key: PEM or JWK JSON, as served at /v1/spec-key. */
  readonly publicKey: string | KeyObject;
  /** Seconds since the epoch. */
  readonly now: number;
  /** Tolerated clock skew in seconds. */
  readonly leewaySeconds?: number;
}

const ALGORITHM = 'ES256';

function publicKeyOf(given: string | KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key =
      typeof given !== 'string'
        ? given
        : given.trim().startsWith('{')
          ? createPublicKey({ key: JSON.parse(given) as JsonWebKey, format: 'jwk' })
          : createPublicKey(given);
  } catch {
    throw new SpecError('the spec public key is neither a PEM public key nor a JWK');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new SpecError('the spec public key is not a P-256 (ES256) key');
  return key;
}

function headerOf(jws: string): Record<string, unknown> {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    throw new SpecError('the spec is not a compact JWS (three base64url parts separated by dots)');
  try {
    return decodeProtectedHeader(jws);
  } catch {
    throw new SpecError("the spec's header is not base64url-encoded JSON");
  }
}

/** jose's refusal, in the words the action has always used. */
function explain(error: unknown, header: Record<string, unknown>): SpecError | undefined {
  const iso = (seconds: unknown) =>
    typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new SpecError(
      `the spec is signed with '${String(header['alg'])}', only ${ALGORITHM} is accepted`,
    );
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new SpecError(
      'the spec signature does not verify with the given public key: it was altered, or signed by another dispatcher',
    );
  if (error instanceof errors.JWTExpired)
    return new SpecError(
      `the spec expired at ${iso(error.payload['exp'])}: ask the dispatcher for a new deployment`,
    );
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claims = error.payload;
    switch (error.claim) {
      case 'typ':
        return new SpecError(
          `the spec's type is '${String(header['typ'])}', expected '${SPEC_JWS_TYPE}'`,
        );
      case 'exp':
        return new SpecError('the spec has no expiry');
      case 'nbf':
        return new SpecError(`the spec is not valid before ${iso(claims['nbf'])}`);
      case 'iss':
        return new SpecError(
          `the spec's issuer is '${String(claims['iss'])}', expected '${SPEC_ISSUER}'`,
        );
      default:
        return new SpecError(`the spec's '${error.claim}' claim is refused: ${error.message}`);
    }
  }
  if (error instanceof errors.JOSENotSupported && header['crit'] !== undefined)
    return new SpecError('the spec has critical header parameters');
  if (error instanceof errors.JWTInvalid)
    return new SpecError("the spec's payload is not base64url-encoded JSON");
  if (error instanceof errors.JOSEError)
    return new SpecError(`the spec is not a valid signed spec: ${error.message}`);
  return undefined;
}

export async function verifySpec(jws: string, options: VerifySpecOptions): Promise<DeploymentSpec> {
  const token = jws.trim();
  const header = headerOf(token);
  const key = publicKeyOf(options.publicKey);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      typ: SPEC_JWS_TYPE,
      issuer: SPEC_ISSUER,
      requiredClaims: ['exp'],
      clockTolerance: options.leewaySeconds ?? 30,
      currentDate: new Date(options.now * 1000),
    }));
  } catch (error) {
    throw explain(error, header) ?? error;
  }

  const spec = claims['spec'];
  if (!Value.Check(DeploymentSpecSchema, spec)) {
    const first = [...Value.Errors(DeploymentSpecSchema, spec)][0];
    throw new SpecError(
      `the spec does not match schema v1: ${first ? `${first.path || '(root)'} ${first.message}` : 'invalid'}`,
    );
  }
  if (claims.sub !== spec.deploymentId)
    throw new SpecError("the spec's subject is not its deployment id");
  return spec;
}
