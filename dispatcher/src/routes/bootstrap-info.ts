/**
 * The customer's one-time set-up: a CloudFormation quick-create link (the ExternalId and the
 * runner role pre-filled) and the same thing as Terraform, using modules/grape-bootstrap.
 */
import type { Project } from '../store/records.js';
import { azureOnboarding, gcpOnboarding, type RunnerWorkflow } from './cloud-onboarding.js';

export interface BootstrapSettings {
  readonly templateUrl: string;
  readonly trustedPrincipalArn: string | undefined;
  /** The runner workflow Google/Azure trust must admit (GitHub executor); undefined: placeholders. */
  readonly runner?: RunnerWorkflow | undefined;
}

export function bootstrapInfo(project: Project, settings: BootstrapSettings) {
  const stackName = 'grape-bootstrap';
  const parameters: Record<string, string> = { ExternalId: project.externalId };
  if (settings.trustedPrincipalArn)
    parameters['TrustedPrincipalArn'] = settings.trustedPrincipalArn;
  const query = [
    `templateURL=${encodeURIComponent(settings.templateUrl)}`,
    `stackName=${stackName}`,
    ...Object.entries(parameters).map(([k, v]) => `param_${k}=${encodeURIComponent(v)}`),
  ].join('&');
  const quickCreateUrl = `https://console.aws.amazon.com/cloudformation/home?region=${project.region}#/stacks/quickcreate?${query}`;
  const snippet = [
    'module "grape_bootstrap" {',
    '  source = "github.com/grape/deploy//modules/grape-bootstrap"',
    '',
    `  external_id            = "${project.externalId}"`,
    `  trusted_principal_arns = ["${settings.trustedPrincipalArn ?? '<runner role ARN from your Grape operator>'}"]`,
    '}',
    '',
  ].join('\n');
  return {
    externalId: project.externalId,
    trustedPrincipalArn: settings.trustedPrincipalArn ?? null,
    cloudFormation: { quickCreateUrl, stackName, parameters },
    terraform: { snippet },
    ...(project.gcp ? { gcp: gcpOnboarding(project.gcp, settings.runner) } : {}),
    ...(project.azure ? { azure: azureOnboarding(project.azure, settings.runner) } : {}),
  };
}
