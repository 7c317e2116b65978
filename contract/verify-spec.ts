/**
 * The action's half of the spec contract: verifies the compact JWS (ES256 only, signature, expiry,
 * issuer) and the payload's schema, synchronously and without any network call, so the action can
 * refuse a tampered or expired spec before doing anything else.
 */
import {
  createPublicKey,
  verify as verifySignature,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
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

const decodeJson = (part: string, what: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new SpecError(`the spec's ${what} is not base64url-encoded JSON`);
};

export function verifySpec(jws: string, options: VerifySpecOptions): DeploymentSpec {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    throw new SpecError('the spec is not a compact JWS (three base64url parts separated by dots)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'header');
  if (header['alg'] !== 'ES256')
    throw new SpecError(
      `the spec is signed with '${String(header['alg'])}', only ES256 is accepted`,
    );
  if (header['typ'] !== SPEC_JWS_TYPE)
    throw new SpecError(
      `the spec's type is '${String(header['typ'])}', expected '${SPEC_JWS_TYPE}'`,
    );
  if (header['crit'] !== undefined) throw new SpecError('the spec has critical header parameters');

  let key: KeyObject;
  try {
    const given = options.publicKey;
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
  const signature = Buffer.from(signaturePart, 'base64url');
  const valid =
    signature.length === 64 &&
    verifySignature(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      { key, dsaEncoding: 'ieee-p1363' },
      signature,
    );
  if (!valid)
    throw new SpecError(
      'the spec signature does not verify with the given public key: it was altered, or signed by another dispatcher',
    );

  const claims = decodeJson(payloadPart, 'payload');
  const leeway = options.leewaySeconds ?? 30;
  const exp = claims['exp'];
  if (typeof exp !== 'number') throw new SpecError('the spec has no expiry');
  if (options.now > exp + leeway)
    throw new SpecError(
      `the spec expired at ${new Date(exp * 1000).toISOString()}: ask the dispatcher for a new deployment`,
    );
  const nbf = claims['nbf'];
  if (typeof nbf === 'number' && options.now + leeway < nbf)
    throw new SpecError(`the spec is not valid before ${new Date(nbf * 1000).toISOString()}`);
  if (claims['iss'] !== SPEC_ISSUER)
    throw new SpecError(
      `the spec's issuer is '${String(claims['iss'])}', expected '${SPEC_ISSUER}'`,
    );

  const spec = claims['spec'];
  if (!Value.Check(DeploymentSpecSchema, spec)) {
    const first = [...Value.Errors(DeploymentSpecSchema, spec)][0];
    throw new SpecError(
      `the spec does not match schema v1: ${first ? `${first.path || '(root)'} ${first.message}` : 'invalid'}`,
    );
  }
  if (claims['sub'] !== spec.deploymentId)
    throw new SpecError("the spec's subject is not its deployment id");
  return spec;
}
