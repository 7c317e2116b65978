/** The terraform step's configuration: what to run, where, with which values, under which guards. */
import path from 'node:path';
import { ModulePathError, resolveModulePath } from '../../contract/module-path.js';
import type { InputReader } from '../inputs/input-reader.js';
import { readIsolationConfig, type IsolationConfig } from './isolation-config.js';
import {
  readPlanStore,
  readSavedPlan,
  type PlanStoreLocation,
  type SavedPlan,
} from './plan-store-config.js';

export type { PlanStoreLocation, SavedPlan };

export interface TerraformConfig {
  /** Absolute path of the root module. */
  readonly workingDirectory: string;
  /** `key=value` pairs, each passed as `-backend-config=key=value`. */
  readonly backendConfig: readonly string[];
  /** `TF_VAR_<name>` → value (already encoded the way terraform reads it). */
  readonly variables: Readonly<Record<string, string>>;
  readonly varFiles: readonly string[];
  readonly workspace: string | undefined;
  readonly allowDestroy: boolean;
  readonly protectedResourceTypes: readonly string[];
  readonly planStore: PlanStoreLocation | undefined;
  /** An approved plan to apply instead of planning again. */
  readonly savedPlan: SavedPlan | undefined;
  /** Whether terraform runs as a separate OS user (isolation-config.ts). */
  readonly isolation: IsolationConfig;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const WORKSPACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,89}$/;
const RESOURCE_TYPE = /^[a-z0-9_*]+$/;

export function readTerraformConfig(
  inputs: InputReader,
  context: {
    readonly operation: string;
    readonly workspaceRoot: string;
    readonly spec?: { readonly requireIsolation?: boolean } | undefined;
  },
): TerraformConfig {
  const dirValue = inputs.string('working-directory') ?? '.';
  let workingDirectory = path.resolve(context.workspaceRoot);
  try {
    workingDirectory = resolveModulePath(context.workspaceRoot, dirValue);
  } catch (error) {
    if (!(error instanceof ModulePathError)) throw error;
    inputs.fail(
      'working-directory',
      dirValue,
      error.problem,
      "Use a path inside the repository, e.g. 'infra/prod'.",
    );
  }

  const backendConfig: string[] = [];
  for (const line of (inputs.string('backend-config') ?? '').split('\n')) {
    const entry = line.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      inputs.fail(
        'backend-config',
        eq > 0 ? key : entry,
        'not a key=value line',
        "Write one setting per line, e.g. 'bucket=acme-tf-state' and 'key=prod/terraform.tfstate'.",
      );
      continue;
    }
    backendConfig.push(`${key}=${entry.slice(eq + 1).trim()}`);
  }

  const variables = readVariables(inputs);
  const varFiles = inputs.list('var-files');
  for (const file of varFiles)
    if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..'))
      inputs.fail(
        'var-files',
        file,
        'must be a path inside the working directory',
        "Use e.g. 'prod.tfvars'.",
      );

  const workspace = inputs.string('workspace');
  if (workspace !== undefined && !WORKSPACE.test(workspace))
    inputs.fail(
      'workspace',
      workspace,
      'not a valid workspace name',
      "Use letters, digits, '_', '.' or '-', e.g. 'staging'.",
    );

  const allowDestroy = inputs.bool('allow-destroy', false);
  const protectedResourceTypes = inputs.list('protected-resource-types');
  for (const type of protectedResourceTypes)
    if (!RESOURCE_TYPE.test(type))
      inputs.fail(
        'protected-resource-types',
        type,
        'not a resource type',
        "List types such as 'aws_db_instance' or 'aws_kms_*', separated by commas or newlines.",
      );

  const planStore = readPlanStore(inputs);
  const savedPlan = readSavedPlan(inputs, context.operation, planStore !== undefined);
  return {
    workingDirectory,
    backendConfig,
    variables,
    varFiles,
    workspace,
    allowDestroy,
    protectedResourceTypes,
    planStore,
    savedPlan,
    isolation: readIsolationConfig(inputs, context.spec),
  };
}

function readVariables(inputs: InputReader): Record<string, string> {
  const raw = inputs.string('variables');
  const env: Record<string, string> = {};
  if (raw === undefined) return env;
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    inputs.fail(
      'variables',
      raw,
      'not valid JSON',
      'Give a JSON object, e.g. \'{"environment": "prod", "replicas": 3}\'.',
    );
    return env;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    inputs.fail(
      'variables',
      raw,
      'not a JSON object',
      'Give a JSON object of variable names to values, e.g. \'{"environment": "prod"}\'.',
    );
    return env;
  }
  for (const [name, value] of Object.entries(doc)) {
    if (!IDENTIFIER.test(name)) {
      inputs.fail(
        'variables',
        name,
        'not a valid variable name',
        'Variable names start with a letter or _ and hold letters, digits, _ or -.',
      );
      continue;
    }
    if (value === null) {
      inputs.fail('variables', name, 'is null', 'Leave the variable out to use its default.');
      continue;
    }
    // Terraform reads TF_VAR_ strings as they are and other types as HCL, of which JSON is a subset.
    env[`TF_VAR_${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}
