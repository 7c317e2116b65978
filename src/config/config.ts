/**
 * The action's whole configuration: every input read once, validated, and turned into one typed
 * value before any network call. Each step's inputs have their own parser here (identity-config.ts,
 * …, facts/facts-config.ts); this file composes them.
 */
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import { OPERATIONS as SPEC_OPERATIONS } from '../../contract/operations.js';
import { readEngineConfig, type EngineConfig } from './engine-config.js';
import { readFactsConfig, type FactsConfig } from './facts/facts-config.js';
import { readIdentityConfig, type IdentityConfig } from './identity-config.js';
import { readSourceConfig, type SourceConfig } from './source-config.js';
import { readSpecConfig } from './spec-config.js';
import { readTerraformConfig, type TerraformConfig } from './terraform-config.js';
import { InputReader } from '../inputs/input-reader.js';
import { readRunContext, type RunContext } from '../inputs/run-context.js';
import { readAzureConfig } from './azure-config.js';
import type { CloudsConfig } from './clouds-config.js';
import { readGcpConfig } from './gcp-config.js';

/** What a run does: a spec's operations, or only `credentials` (identity, no engine). */
export const OPERATIONS = [...SPEC_OPERATIONS, 'credentials'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface Config {
  readonly operation: Operation;
  readonly deploymentId: string;
  /** Whether later steps of the job receive the cloud credentials as environment variables. */
  readonly exportCredentials: boolean;
  readonly identity: IdentityConfig;
  /** Google Cloud and Azure federation, beside (or instead of) AWS. */
  readonly clouds: CloudsConfig;
  readonly engine: EngineConfig;
  readonly terraform: TerraformConfig;
  readonly run: RunContext;
  /** Where the infra facts go after an apply; undefined when not configured. */
  readonly facts: FactsConfig | undefined;
  /** The dispatcher's signed spec, verified, when the run came from the dispatcher. */
  readonly spec: DeploymentSpec | undefined;
  /** Where the module comes from: the workspace, or a clone of the spec's source repository. */
  readonly source: SourceConfig;
}

const DEPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ConfigSources {
  /** Raw input value by name (`''` when absent). */
  readonly getInput: (name: string) => string;
  readonly env: NodeJS.ProcessEnv;
  /** Registers a secret with the log masker as soon as it is read. */
  readonly mask: (value: string) => void;
  /** Seconds since the epoch (spec expiry); default: the system clock. */
  readonly nowSeconds?: number;
}

/** Parses every input; rejects with one ConfigError naming every bad input. */
export async function parseConfig({
  getInput,
  env,
  mask,
  nowSeconds,
}: ConfigSources): Promise<Config> {
  const fromSpec = await readSpecConfig(getInput, nowSeconds ?? Math.floor(Date.now() / 1000));
  const inputs = new InputReader(fromSpec?.getInput ?? getInput);
  inputs.problems.push(...(fromSpec?.conflicts ?? []));
  const run = readRunContext(env);
  const operation = inputs.oneOf('operation', OPERATIONS, 'plan');
  const deploymentId = readDeploymentId(inputs, run);
  const identity = readIdentityConfig(inputs, deploymentId);
  const clouds: CloudsConfig = { gcp: readGcpConfig(inputs), azure: readAzureConfig(inputs) };
  const exportCredentials =
    operation === 'credentials' ? true : inputs.bool('export-credentials', false);
  const engine = readEngineConfig(inputs);
  const source = readSourceConfig(inputs, fromSpec?.spec, run, env, mask);
  const terraform = readTerraformConfig(inputs, {
    operation,
    workspaceRoot: source.root,
    spec: fromSpec?.spec,
  });
  const facts = readFactsConfig(inputs, { run, env, mask });
  inputs.throwIfProblems();
  const spec = fromSpec?.spec;
  return {
    operation,
    deploymentId,
    exportCredentials,
    identity,
    clouds,
    engine,
    terraform,
    run,
    facts,
    spec,
    source,
  };
}

function readDeploymentId(inputs: InputReader, run: RunContext): string {
  const given = inputs.string('deployment-id');
  if (given !== undefined) {
    if (DEPLOYMENT_ID.test(given)) return given;
    inputs.fail(
      'deployment-id',
      given,
      'not a valid deployment id',
      "Use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. 'dep_01HZX3'.",
    );
  }
  if (run.runId !== undefined) return `gh-${run.runId}-${run.runAttempt}`;
  return `local-${Date.now().toString(36)}`;
}
