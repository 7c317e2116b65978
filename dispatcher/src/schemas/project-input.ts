/**
 * A create-project request body with its defaults applied: what the store creates. One mapping for
 * both ways in (POST /v1/projects and the CLI's `grape project create`), so they cannot drift.
 */
import type { Static } from '@sinclair/typebox';
import { invalid } from '../http/http-error.js';
import type { ProjectFacts, ProjectInput } from '../store/records.js';
import type { CreateProjectBody } from './project-schemas.js';

export const projectInput = (b: Static<typeof CreateProjectBody>): ProjectInput => ({
  name: b.name,
  source: b.source,
  roleArn: b.roleArn ?? null,
  region: b.region,
  sessionDurationSeconds: b.sessionDurationSeconds ?? 3600,
  backend: b.backend ?? null,
  facts: b.facts ? checkedFacts(b.facts) : null,
  protectedEnvironments: b.protectedEnvironments ?? [],
  gcp: b.gcp ?? null,
  azure: b.azure ?? null,
});

/** The ExternalSecret hand-off needs both halves: every run would otherwise fail on them. */
function checkedFacts(facts: ProjectFacts): ProjectFacts {
  if (facts.externalSecrets !== undefined && facts.secretStore === undefined)
    throw invalid(
      'facts.secretStore',
      'is required with facts.externalSecrets',
      "the store External Secrets reads the cloud's secret store through, e.g. 'ClusterSecretStore/aws-secrets-manager'",
    );
  if (facts.secretStore !== undefined && facts.externalSecrets === undefined)
    throw invalid(
      'facts.externalSecrets',
      'is required with facts.secretStore',
      "the outputs holding secret references (Secrets Manager ARNs, Secret Manager or Key Vault secret ids), e.g. 'db_master_user_secret_arn:json'",
    );
  return facts;
}
