/**
 * Whether the specs the dispatcher signs require tenant isolation (issue 15): with the github
 * executor every tenant's Terraform runs as a job of one shared runner repository, so a run that
 * cannot separate the engine from the action's tokens must refuse rather than run tenant code
 * beside them. With the local executor the person runs their own code on their own machine, so
 * isolation is not required by default. GRAPE_REQUIRE_ISOLATION overrides either default.
 */
import type { SettingsReader } from './settings-reader.js';

export function readRequireIsolation(settings: SettingsReader, executorKind: string): boolean {
  const fallback = executorKind === 'github';
  const value = settings.get('GRAPE_REQUIRE_ISOLATION');
  if (value === undefined) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  settings.bad(
    'GRAPE_REQUIRE_ISOLATION',
    value,
    "not 'true' or 'false'",
    `Use 'true' (runs refuse where Terraform cannot run as a separate user; the default with the github executor) or 'false' (the default with the local executor).`,
  );
  return fallback;
}

/**
 * GRAPE_RUNNER_TENANT_ENVIRONMENTS=true: every run's job runs in the tenant's GitHub environment
 * `grape-<tenant id>` (a workflow_dispatch input the runner workflow puts in `environment:`), so
 * GitHub writes the tenant into the OIDC `sub` and hop 1 can be one role per tenant
 * (modules/github-oidc-role/examples/grape-runner-per-tenant). Off by default: it changes the
 * `sub` every runner role trusts, so it is turned on together with those roles.
 */
export function readTenantEnvironments(settings: SettingsReader): boolean {
  const value = settings.get('GRAPE_RUNNER_TENANT_ENVIRONMENTS');
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  settings.bad(
    'GRAPE_RUNNER_TENANT_ENVIRONMENTS',
    value,
    "not 'true' or 'false'",
    "Use 'true' once each tenant has its runner role trusting 'repo:<runner repo>:environment:grape-<tenant id>', else 'false'.",
  );
  return false;
}
