/**
 * The Google Cloud and Azure side of a project's one-time set-up (issue 18): what the customer's
 * trust must admit — the runner repository's workflow — as modules/gcp-bootstrap and
 * modules/azure-bootstrap snippets, and the action inputs the spec will fill.
 */
import { AZURE_ENVIRONMENTS } from '../../../contract/azure-clouds.js';
import type { SpecAzure, SpecGcp } from '../../../contract/cloud-identity.js';

/** The controlled runner repository whose workflow runs the deployments (GitHub executor). */
export interface RunnerWorkflow {
  readonly repository: string;
  /** Workflow file name or id, e.g. `grape-runner.yml`. */
  readonly workflow: string;
  readonly ref: string;
}

const PLACEHOLDER: RunnerWorkflow = {
  repository: '<runner owner/repo from your Grape operator>',
  workflow: 'grape-runner.yml',
  ref: 'main',
};

const workflowPath = (runner: RunnerWorkflow): string =>
  `.github/workflows/${/^\d+$/.test(runner.workflow) ? 'grape-runner.yml' : runner.workflow}`;

export function gcpOnboarding(gcp: SpecGcp, runner: RunnerWorkflow | undefined) {
  const r = runner ?? PLACEHOLDER;
  const [, pool = 'github', provider = 'grape'] =
    /workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/.exec(gcp.workloadIdentityProvider) ?? [];
  const path = workflowPath(r);
  const attributeCondition = `assertion.repository == '${r.repository}' && (assertion.job_workflow_ref.startsWith('${r.repository}/${path}@')) && assertion.ref in ['refs/heads/${r.ref}']`;
  const snippet = [
    'module "grape_gcp" {',
    '  source = "github.com/grape/deploy//modules/gcp-bootstrap"',
    '',
    `  project_id  = "${gcp.projectId ?? '<your project id>'}"`,
    `  pool_id     = "${pool}"`,
    `  provider_id = "${provider}"`,
    `  repository  = "${r.repository}"`,
    `  workflows   = ["${path}"]`,
    `  refs        = ["refs/heads/${r.ref}"]`,
    ...(gcp.serviceAccount
      ? [`  service_account_id = "${gcp.serviceAccount.split('@')[0]!}"`]
      : ['  service_account_id = null']),
    '  project_roles = ["roles/editor"]',
    '}',
    '',
  ].join('\n');
  const actionInputs: Record<string, string> = {
    'gcp-workload-identity-provider': gcp.workloadIdentityProvider,
  };
  if (gcp.serviceAccount) actionInputs['gcp-service-account'] = gcp.serviceAccount;
  if (gcp.projectId) actionInputs['gcp-project-id'] = gcp.projectId;
  return {
    trust: { repository: r.repository, workflow: path, attributeCondition },
    terraform: { snippet },
    actionInputs,
  };
}

export function azureOnboarding(azure: SpecAzure, runner: RunnerWorkflow | undefined) {
  const r = runner ?? PLACEHOLDER;
  const subject = `repo:${r.repository}:ref:refs/heads/${r.ref}`;
  const audience = AZURE_ENVIRONMENTS[azure.environment ?? 'public'].tokenExchangeAudience;
  const snippet = [
    'module "grape_azure" {',
    '  source = "github.com/grape/deploy//modules/azure-bootstrap"',
    '',
    '  resource_group_name = "<resource group for the identity>"',
    '  location            = "<region, e.g. westeurope>"',
    `  repository          = "${r.repository}"`,
    `  branches            = ["${r.ref}"]`,
    // A sovereign cloud's federated credential accepts that cloud's audience only.
    ...(azure.environment && azure.environment !== 'public'
      ? [`  audience            = "${audience}"`]
      : []),
    '  role_assignments = [{',
    `    scope                = "/subscriptions/${azure.subscriptionId ?? '<subscription id>'}"`,
    '    role_definition_name = "Contributor"',
    '  }]',
    '}',
    '',
  ].join('\n');
  const actionInputs: Record<string, string> = {
    'azure-client-id': azure.clientId,
    'azure-tenant-id': azure.tenantId,
  };
  if (azure.subscriptionId) actionInputs['azure-subscription-id'] = azure.subscriptionId;
  if (azure.environment) actionInputs['azure-environment'] = azure.environment;
  return {
    trust: {
      issuer: 'https://token.actions.githubusercontent.com',
      subject,
      audience,
    },
    terraform: { snippet },
    actionInputs,
  };
}
