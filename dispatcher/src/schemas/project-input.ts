/**
 * A create-project request body with its defaults applied: what the store creates. One mapping for
 * both ways in (POST /v1/projects and the CLI's `grape project create`), so they cannot drift.
 */
import type { Static } from '@sinclair/typebox';
import type { ProjectInput } from '../store/records.js';
import type { CreateProjectBody } from './project-schemas.js';

export const projectInput = (b: Static<typeof CreateProjectBody>): ProjectInput => ({
  name: b.name,
  source: b.source,
  roleArn: b.roleArn ?? null,
  region: b.region,
  sessionDurationSeconds: b.sessionDurationSeconds ?? 3600,
  backend: b.backend ?? null,
  facts: b.facts ?? null,
  protectedEnvironments: b.protectedEnvironments ?? [],
  gcp: b.gcp ?? null,
  azure: b.azure ?? null,
});
