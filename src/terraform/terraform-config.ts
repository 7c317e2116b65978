/** The terraform step's configuration: what to run, where, with which values, under which guards. */
import path from 'node:path';
import { quote, type InputReader } from '../config/input-reader.js';

export interface PlanStoreLocation {
  readonly bucket: string;
  /** Key prefix without leading or trailing '/', possibly ''. */
  readonly prefix: string;
  readonly kmsKeyId: string | undefined;
}

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
  readonly savedPlan: { readonly id: string; readonly sha256: string } | undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const WORKSPACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,89}$/;
const RESOURCE_TYPE = /^[a-z0-9_*]+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function readTerraformConfig(
  inputs: InputReader,
  context: { readonly operation: string; readonly workspaceRoot: string },
): TerraformConfig {
  const root = path.resolve(context.workspaceRoot);
  const dirValue = inputs.string('working-directory') ?? '.';
  const workingDirectory = path.resolve(root, dirValue);
  if (workingDirectory !== root && !workingDirectory.startsWith(root + path.sep)) {
    inputs.fail(
      'working-directory',
      dirValue,
      'leaves the workspace',
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

function readPlanStore(inputs: InputReader): PlanStoreLocation | undefined {
  const value = inputs.string('plan-store');
  const kmsKeyId = inputs.string('plan-store-kms-key-id');
  if (kmsKeyId !== undefined && value === undefined)
    inputs.failCombination(
      'plan-store-kms-key-id',
      "Input 'plan-store-kms-key-id' is set but 'plan-store' is not. Set 'plan-store' to e.g. 's3://acme-tf-state/plans', or remove the key id.",
    );
  if (
    kmsKeyId !== undefined &&
    !/^(arn:aws[\w-]*:kms:[\w-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+|alias\/[\w/+=,.@-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/.test(
      kmsKeyId,
    )
  )
    inputs.fail(
      'plan-store-kms-key-id',
      kmsKeyId,
      'not a KMS key id, ARN or alias',
      "Use e.g. 'alias/terraform-state' or 'arn:aws:kms:eu-west-1:123456789012:key/…'.",
    );
  if (value === undefined) return undefined;
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(value);
  if (!m || !BUCKET.test(m[1]!) || m[1]!.includes('..')) {
    inputs.fail(
      'plan-store',
      value,
      'not an s3://bucket/prefix URL',
      "Use e.g. 's3://acme-tf-state/plans' (the bucket of your state backend).",
    );
    return undefined;
  }
  return { bucket: m[1]!, prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, ''), kmsKeyId };
}

function readSavedPlan(
  inputs: InputReader,
  operation: string,
  haveStore: boolean,
): TerraformConfig['savedPlan'] {
  const id = inputs.string('plan-id');
  const sha256 = inputs.string('plan-sha256');
  if (id === undefined && sha256 === undefined) return undefined;
  let ok = true;
  if (id !== undefined && !PLAN_ID.test(id)) {
    ok =
      inputs.fail(
        'plan-id',
        id,
        'not a plan id',
        "Use the plan-id output of the plan run, e.g. 'dep_01HZX3'.",
      ) ?? false;
  }
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) {
    ok =
      inputs.fail(
        'plan-sha256',
        sha256,
        'not a SHA-256 (64 lower-case hex digits)',
        'Use the plan-sha256 output of the plan run.',
      ) ?? false;
  }
  if (id === undefined || sha256 === undefined) {
    inputs.failCombination(
      id === undefined ? 'plan-sha256' : 'plan-id',
      "Inputs 'plan-id' and 'plan-sha256' go together: the apply run only applies the stored plan whose SHA-256 it was given. Set both from the plan run's outputs.",
    );
    ok = false;
  }
  if (operation !== 'apply') {
    inputs.failCombination(
      'plan-id',
      `Input 'plan-id' only works with 'operation: apply' (this run's operation is ${quote(operation)}).`,
    );
    ok = false;
  }
  if (!haveStore) {
    inputs.failCombination(
      'plan-id',
      "Input 'plan-id' needs 'plan-store': the S3 location the plan run stored the plan in.",
    );
    ok = false;
  }
  return ok && id !== undefined && sha256 !== undefined ? { id, sha256 } : undefined;
}
