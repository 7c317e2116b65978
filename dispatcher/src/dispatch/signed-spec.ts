/**
 * The signed deployment spec a run gets (the `spec` workflow input): built from the deployment and
 * its project, signed with the dispatcher's key, valid for the configured time. One place for the
 * dispatch itself and for measuring a request's inputs against GitHub's limits.
 */
import type { DeploymentSpec } from '../../../contract/deployment-spec.js';
import { signSpec } from '../../../contract/sign-spec.js';
import type { Project } from '../store/records.js';
import { buildSpec, type SpecSource } from './build-spec.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { runnerRoleArnFor } from './runner-environment.js';

type SpecDeps = Pick<DispatchDeps, 'specKey' | 'config' | 'clock'>;

export const specFor = (d: SpecSource, project: Project, deps: SpecDeps): DeploymentSpec =>
  buildSpec(d, project, {
    publicUrl: deps.config.publicUrl,
    audience: deps.config.reportAuth.audience,
    runnerRoleArn: runnerRoleArnFor(d.tenantId, deps.config),
    requireIsolation: deps.config.requireIsolation,
  });

export const signSpecFor = (spec: DeploymentSpec, deps: SpecDeps): Promise<string> =>
  signSpec(spec, {
    key: deps.specKey.privateKey,
    kid: deps.specKey.kid,
    now: Math.floor(deps.clock().getTime() / 1000),
    expiresInSeconds: deps.config.specTtlSeconds,
  });

export const signedSpec = (d: SpecSource, project: Project, deps: SpecDeps): Promise<string> =>
  signSpecFor(specFor(d, project, deps), deps);

/** Room, in bytes, for what a compact JWS adds to `{"spec": …}`: header, other claims, signature. */
const JWS_ROOM = 1024;

/**
 * A length the signed spec never exceeds, from the spec alone (no signature): the base64url of the
 * claims (4 characters per 3 bytes of UTF-8 JSON) plus room for the header (alg, typ, a 43-character
 * kid), the issuer, subject and times, and the 86-character ES256 signature.
 */
export const signedSpecLengthBound = (spec: DeploymentSpec): number =>
  Math.ceil(((Buffer.byteLength(JSON.stringify({ spec })) + JWS_ROOM) * 4) / 3) + JWS_ROOM;
