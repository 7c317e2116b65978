/** What the store holds, as the rest of the dispatcher sees it. */
import type { SpecAzure, SpecGcp } from '../../../contract/cloud-identity.js';
import type { SpecOperation } from '../../../contract/deployment-spec.js';
import type { ReportedResource } from '../../../contract/run-report.js';

export const ROLES = ['viewer', 'deployer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STATUSES = [
  'queued',
  'dispatching',
  'running',
  'awaiting-approval',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type DeploymentStatus = (typeof STATUSES)[number];
export const TERMINAL: readonly DeploymentStatus[] = ['succeeded', 'failed', 'cancelled'];
export const ACTIVE: readonly DeploymentStatus[] = ['dispatching', 'running'];

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface ProjectSource {
  readonly repository: string;
  readonly ref: string;
  readonly path: string;
}

export interface ProjectBackend {
  readonly bucket: string;
  readonly keyPrefix?: string;
  readonly region?: string;
  readonly kmsKeyId?: string;
}

export interface ProjectFacts {
  readonly repository: string;
  readonly branch: string;
  readonly path: string;
  readonly format: 'yaml' | 'json' | 'helm' | 'configmap';
  /** The ExternalSecret hand-off (action inputs `facts-external-secrets` / `facts-secret-store`). */
  readonly externalSecrets?: string;
  readonly secretStore?: string;
}

export interface ProjectInput {
  readonly name: string;
  readonly source: ProjectSource;
  /** The customer role (assumed with the ExternalId); null when the module needs no AWS role. */
  readonly roleArn: string | null;
  readonly region: string;
  readonly sessionDurationSeconds: number;
  readonly backend: ProjectBackend | null;
  readonly facts: ProjectFacts | null;
  readonly protectedEnvironments: readonly string[];
  /** Google Cloud federation (pool provider, service account); null when the project has none. */
  readonly gcp?: SpecGcp | null;
  /** Azure federation (tenant, client, subscription); null when the project has none. */
  readonly azure?: SpecAzure | null;
}

export interface Project extends ProjectInput {
  readonly id: string;
  readonly tenantId: string;
  readonly externalId: string;
  readonly createdAt: Date;
}

export interface TokenScope {
  readonly role: Role;
  /** Project ids (or names) the token may touch; null = every project of the tenant. */
  readonly projects: readonly string[] | null;
  readonly environments: readonly string[] | null;
}

export interface ApiToken extends TokenScope {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

export type DriftOutcome = 'in-sync' | 'drifted';

export interface Deployment {
  readonly seq: number;
  readonly id: string;
  readonly tenantId: string;
  readonly projectId: string;
  readonly environment: string;
  readonly operation: SpecOperation;
  readonly status: DeploymentStatus;
  readonly statusReason: string | null;
  readonly ref: string;
  readonly variables: Record<string, string | number | boolean>;
  readonly requestedBy: string;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly approves: string | null;
  readonly planSha256: string | null;
  readonly planHasChanges: boolean | null;
  readonly planSummary: Record<string, number> | null;
  /** A plan the drift scheduler requested (migration 011). */
  readonly driftCheck: boolean;
  /** A drift check's outcome once its report arrived; null otherwise. */
  readonly drift: DriftOutcome | null;
  /** The changed resources the run reported (bounded), and how many it left out. */
  readonly planResources: ReportedResource[] | null;
  readonly planResourcesOmitted: number | null;
  readonly factsCommit: string | null;
  readonly outputs: string[] | null;
  readonly runId: number | null;
  readonly runUrl: string | null;
  readonly attempts: number;
  readonly notBefore: Date | null;
  readonly dispatchStartedAt: Date | null;
  readonly dispatchedAt: Date | null;
  readonly cancelRequestedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

/** snake_case row → camelCase record (column names map one to one). */
/** A deployments row, as the Deployment record. */
export const toDeployment = (row: Record<string, unknown>): Deployment => fromRow<Deployment>(row);

export function fromRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const key in row) out[camelCase(key)] = row[key];
  return out as T;
}

const camelNames = new Map<string, string>();
function camelCase(column: string): string {
  let name = camelNames.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    if (camelNames.size < 1000) camelNames.set(column, name);
  }
  return name;
}
