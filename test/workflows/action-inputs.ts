/**
 * The inputs and outputs of `grape/deploy@v1`: read from action.yml when the repository has it,
 * else the contract agreed for it, so the workflows are checked against one list.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readRepoFile, repoRoot } from './workflow-files.js';

const agreedInputs = [
  'spec',
  'spec-public-key',
  'role-arn',
  'target-role-arn',
  'external-id',
  'aws-region',
  'audience',
  'role-session-name',
  'role-duration-seconds',
  'allowed-account-ids',
  'session-tags',
  'operation',
  'export-credentials',
  'deployment-id',
  'engine',
  'engine-version',
  'release-mirror',
  'release-signing-key',
  'engine-path',
  'working-directory',
  'backend-config',
  'variables',
  'var-files',
  'workspace',
  'allow-destroy',
  'protected-resource-types',
  'plan-store',
  'plan-id',
  'plan-sha256',
  'facts-repository',
  'facts-branch',
  'facts-path',
  'facts-format',
  'facts-include',
  'facts-exclude',
  'facts-mode',
  'facts-token',
  'facts-git-url',
  'report-url',
];
const agreedOutputs = [
  'aws-account-id',
  'aws-session-expiration',
  'plan-summary',
  'has-changes',
  'add',
  'change',
  'destroy',
  'plan-sha256',
  'facts-commit',
  'facts-url',
  'deployment-id',
];

interface ActionMetadata {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const metadata: ActionMetadata | undefined = existsSync(path.join(repoRoot, 'action.yml'))
  ? (parse(readRepoFile('action.yml')) as ActionMetadata)
  : undefined;

export const actionInputs: ReadonlySet<string> = new Set(
  metadata?.inputs ? Object.keys(metadata.inputs) : agreedInputs,
);
export const actionOutputs: ReadonlySet<string> = new Set(
  metadata?.outputs ? Object.keys(metadata.outputs) : agreedOutputs,
);
export const actionSource = metadata ? 'action.yml' : 'the agreed contract (no action.yml yet)';
