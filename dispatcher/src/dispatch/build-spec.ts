/** The spec a deployment's run receives (DESIGN §4): ids, operation, source, AWS, backend, facts. */
import type { DeploymentSpec } from '../../../contract/deployment-spec.js';
import type { Deployment, Project } from '../store/records.js';

export interface SpecSettings {
  readonly publicUrl: string;
  readonly audience: string;
  readonly runnerRoleArn: string | undefined;
  /** The run refuses where the engine cannot be isolated from the action (issue 15). */
  readonly requireIsolation: boolean;
}

/** What of a deployment its spec carries. */
export type SpecSource = Pick<
  Deployment,
  'id' | 'tenantId' | 'environment' | 'operation' | 'ref' | 'variables' | 'approves' | 'planSha256'
>;

export function buildSpec(d: SpecSource, project: Project, settings: SpecSettings): DeploymentSpec {
  const backend = project.backend;
  return {
    v: 1,
    deploymentId: d.id,
    tenantId: d.tenantId,
    project: { id: project.id, name: project.name },
    environment: d.environment,
    operation: d.operation,
    source: { repository: project.source.repository, ref: d.ref, path: project.source.path },
    aws: {
      ...(settings.runnerRoleArn ? { runnerRoleArn: settings.runnerRoleArn } : {}),
      ...(project.roleArn ? { roleArn: project.roleArn, externalId: project.externalId } : {}),
      region: project.region,
      sessionDurationSeconds: Math.min(project.sessionDurationSeconds, 3600),
    },
    ...(project.gcp ? { gcp: { ...project.gcp } } : {}),
    ...(project.azure ? { azure: { ...project.azure } } : {}),
    ...(backend
      ? {
          backend: {
            type: 's3' as const,
            bucket: backend.bucket,
            key: `${backend.keyPrefix ?? 'grape'}/${project.name}/${d.environment}/terraform.tfstate`,
            region: backend.region ?? project.region,
            ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
          },
        }
      : {}),
    variables: d.variables,
    ...(project.facts ? { facts: { ...project.facts } } : {}),
    ...(d.approves && d.planSha256
      ? { plan: { deploymentId: d.approves, sha256: d.planSha256 } }
      : {}),
    callback: { url: `${settings.publicUrl}/v1/runs/report`, audience: settings.audience },
    ...(settings.requireIsolation ? { requireIsolation: true } : {}),
  };
}
