/**
 * The `spec` + `spec-public-key` inputs: a signed deployment spec from the dispatcher, verified
 * (signature, expiry, schema) before anything else, then mapped onto the action's inputs. A spec
 * value fills its input; an input given explicitly with another value is an error, so a workflow
 * cannot silently override what the dispatcher authorised.
 */
import { cloudInputs } from '../../contract/cloud-identity.js';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import { DEFAULT_MODULE_PATH } from '../../contract/module-path.js';
import { ConfigError, inputDefault, type InputProblem } from '../inputs/input-reader.js';

export interface SpecConfig {
  readonly spec: DeploymentSpec;
  /** Reads an input, the spec's value first. */
  readonly getInput: (name: string) => string;
  /** Inputs given explicitly with a value other than the spec's. */
  readonly conflicts: readonly InputProblem[];
}

/** Where an approved apply finds the plan its plan run stored (inside the state bucket). */
export const PLAN_STORE_PREFIX = 'grape/plans';

/** The inputs a spec decides, as the action would read them. */
export function specInputs(spec: DeploymentSpec): Record<string, string> {
  const inputs: Record<string, string> = {
    operation: spec.operation,
    'deployment-id': spec.deploymentId,
    'aws-region': spec.aws.region,
    'role-duration-seconds': String(spec.aws.sessionDurationSeconds),
  };
  if (spec.aws.roleArn !== undefined && spec.aws.externalId !== undefined) {
    inputs['target-role-arn'] = spec.aws.roleArn;
    inputs['external-id'] = spec.aws.externalId;
  }
  if (spec.aws.runnerRoleArn !== undefined) inputs['role-arn'] = spec.aws.runnerRoleArn;
  Object.assign(inputs, cloudInputs(spec));
  inputs['project'] = spec.project.name;
  inputs['environment'] = spec.environment;
  inputs['working-directory'] = spec.source.path === '' ? DEFAULT_MODULE_PATH : spec.source.path;
  if (Object.keys(spec.variables).length > 0) inputs['variables'] = JSON.stringify(spec.variables);
  const backend = spec.backend;
  if (backend) {
    inputs['backend-config'] = [
      `bucket=${backend.bucket}`,
      `key=${backend.key}`,
      `region=${backend.region}`,
      'encrypt=true',
      'use_lockfile=true',
      ...(backend.kmsKeyId === undefined ? [] : [`kms_key_id=${backend.kmsKeyId}`]),
    ].join('\n');
    // Plans live beside the state: the customer's bucket, encrypted, one object per deployment.
    inputs['plan-store'] = `s3://${backend.bucket}/${PLAN_STORE_PREFIX}`;
    if (backend.kmsKeyId !== undefined) inputs['plan-store-kms-key-id'] = backend.kmsKeyId;
  }
  // A signed destroy deployment is the authorisation to delete: without this the allow-destroy
  // guard would stop every dispatcher destroy. protected-resource-types still applies.
  if (spec.operation === 'destroy') inputs['allow-destroy'] = 'true';
  if (spec.plan) {
    inputs['plan-id'] = spec.plan.deploymentId;
    inputs['plan-sha256'] = spec.plan.sha256;
  }
  if (spec.facts) {
    inputs['facts-repository'] = spec.facts.repository;
    inputs['facts-branch'] = spec.facts.branch;
    inputs['facts-path'] = spec.facts.path;
    inputs['facts-format'] = spec.facts.format === 'helm' ? 'helm-values' : spec.facts.format;
    // The ExternalSecret hand-off (references only: output names and the store's name).
    if (spec.facts.externalSecrets !== undefined)
      inputs['facts-external-secrets'] = spec.facts.externalSecrets;
    if (spec.facts.secretStore !== undefined) inputs['facts-secret-store'] = spec.facts.secretStore;
  }
  return inputs;
}

/**
 * Undefined when no `spec` input was given; rejects with ConfigError when the spec is not
 * acceptable. The verifier, with the schema library it checks the payload with, is loaded only
 * when there is a spec to verify: runs without a dispatcher never need it.
 */
export async function readSpecConfig(
  getInput: (name: string) => string,
  nowSeconds: number,
): Promise<SpecConfig | undefined> {
  const jws = getInput('spec').trim();
  if (jws === '') return undefined;
  const publicKey = getInput('spec-public-key').trim();
  if (publicKey === '')
    throw new ConfigError([
      {
        input: 'spec-public-key',
        message:
          "Input 'spec-public-key' is required with 'spec': the action verifies the dispatcher's signature before anything else. Set it to the PEM the dispatcher serves at /v1/spec-key, e.g. `spec-public-key: ${{ vars.GRAPE_SPEC_PUBLIC_KEY }}`.",
      },
    ]);
  const { SpecError, verifySpec } = await import('../../contract/verify-spec.js');
  let spec: DeploymentSpec;
  try {
    spec = await verifySpec(jws, { publicKey, now: nowSeconds });
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    throw new ConfigError([
      {
        input: 'spec',
        message: `Input 'spec' was refused: ${error.message}. Nothing was done; trigger the deployment again from the dispatcher (a spec is valid for a short time and only as signed).`,
      },
    ]);
  }
  const fromSpec = specInputs(spec);
  const conflicts: InputProblem[] = [];
  // An input equal to action.yml's default was not given by the workflow (the runner sends every
  // default): only another value conflicts with the spec.
  for (const [name, value] of Object.entries(fromSpec)) {
    const given = getInput(name).trim();
    if (given !== '' && given !== value && given !== inputDefault(name))
      conflicts.push({
        input: name,
        message: `Input '${name}' is '${given}' but the signed spec says '${value}': remove '${name}' from the workflow step, the spec decides it.`,
      });
  }
  return {
    spec,
    conflicts,
    getInput: (name) => fromSpec[name] ?? getInput(name),
  };
}
