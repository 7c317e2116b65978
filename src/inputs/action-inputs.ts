/**
 * Every input of action.yml with its `default:`, generated from action.yml by
 * `node scripts/action-inputs.mjs` (test/inputs/action-inputs.test.ts proves it current): do not
 * edit. The runner sets INPUT_<NAME> for each default (see runner-emulation), so a value equal to
 * its default was not necessarily given by the workflow.
 */
interface ActionInput {
  readonly default?: string;
  readonly required?: true;
}

export const ACTION_INPUTS = {
  operation: { default: 'plan' },
  'deployment-id': {},
  spec: {},
  'spec-public-key': {},
  'role-arn': {},
  audience: { default: 'sts.amazonaws.com' },
  'target-role-arn': {},
  'external-id': {},
  'aws-region': {},
  'role-session-name': {},
  'role-duration-seconds': { default: '3600' },
  'allowed-account-ids': {},
  'session-tags': { default: 'true' },
  'gcp-workload-identity-provider': {},
  'gcp-service-account': {},
  'gcp-project-id': {},
  'gcp-audience': {},
  'azure-client-id': {},
  'azure-tenant-id': {},
  'azure-subscription-id': {},
  'azure-audience': { default: 'api://AzureADTokenExchange' },
  'azure-environment': { default: 'public' },
  'export-credentials': { default: 'false' },
  'source-token': {},
  engine: { default: 'terraform' },
  'engine-version': {},
  'release-mirror': {},
  'release-signing-key': {},
  'engine-path': {},
  isolation: { default: 'off' },
  'engine-user': {},
  'working-directory': { default: '.' },
  'backend-config': {},
  variables: {},
  'var-files': {},
  workspace: {},
  'allow-destroy': { default: 'false' },
  'protected-resource-types': {},
  'plan-store': {},
  'plan-store-kms-key-id': {},
  'plan-id': {},
  'plan-sha256': {},
  'facts-repository': {},
  'facts-git-url': {},
  'facts-branch': {},
  'facts-path': {},
  'facts-format': { default: 'yaml' },
  'facts-include': {},
  'facts-exclude': {},
  'facts-mode': { default: 'commit' },
  'facts-token': {},
  'github-token': { default: '${{ github.token }}' },
  'facts-commit-author': {},
  'facts-external-secrets': {},
  'facts-secret-store': {},
  project: {},
  environment: {},
} as const satisfies Readonly<Record<string, ActionInput>>;

export type ActionInputName = keyof typeof ACTION_INPUTS;
