/**
 * The GitHub environment a deployment's run job runs in, when the dispatcher binds hop 1 per
 * tenant (GRAPE_RUNNER_TENANT_ENVIRONMENTS): `grape-<tenant id>`, so the job's OIDC `sub` is
 * `repo:<runner repo>:environment:grape-<tenant id>` (docs/security.md, "Trust tenant code cannot
 * widen"). The runner role ARN may name the tenant with `{tenant}`, one role per tenant.
 */
import type { DispatcherConfig } from '../config.js';

type Settings = Pick<DispatcherConfig, 'tenantEnvironments' | 'runnerRoleArn'>;

export const runnerEnvironmentFor = (tenantId: string, config: Settings): string | undefined =>
  config.tenantEnvironments ? `grape-${tenantId}` : undefined;

/** GRAPE_RUNNER_ROLE_ARN with `{tenant}` replaced by the deployment's tenant id. */
export const runnerRoleArnFor = (tenantId: string, config: Settings): string | undefined =>
  config.runnerRoleArn?.replaceAll('{tenant}', tenantId);
