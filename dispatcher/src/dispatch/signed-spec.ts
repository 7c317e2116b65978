/**
 * The signed deployment spec a run gets (the `spec` workflow input): built from the deployment and
 * its project, signed with the dispatcher's key, valid for the configured time. One function for
 * the dispatch itself and for measuring a request's inputs against GitHub's limits.
 */
import { signSpec } from '../../../src/contract/sign-spec.js';
import type { Project } from '../store/records.js';
import { buildSpec, type SpecSource } from './build-spec.js';
import type { DispatchDeps } from './dispatch-deps.js';

export function signedSpec(
  d: SpecSource,
  project: Project,
  deps: Pick<DispatchDeps, 'specKey' | 'config' | 'clock'>,
): Promise<string> {
  const spec = buildSpec(d, project, {
    publicUrl: deps.config.publicUrl,
    audience: deps.config.reportAuth.audience,
    runnerRoleArn: deps.config.runnerRoleArn,
  });
  return signSpec(spec, {
    key: deps.specKey.privateKey,
    kid: deps.specKey.kid,
    now: Math.floor(deps.clock().getTime() / 1000),
    expiresInSeconds: deps.config.specTtlSeconds,
  });
}
