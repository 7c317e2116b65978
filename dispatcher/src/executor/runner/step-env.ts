/**
 * The environment of a JavaScript action's step, composed in the runner's order:
 * 1. the runner process's own environment (ProcessInvoker starts from it);
 * 2. the job's environment: `env:` of the workflow, job and step plus what earlier steps wrote to
 *    GITHUB_ENV, and STATE_<name> for the post step (actions/runner ActionRunner.cs);
 * 3. INPUT_<NAME> for every input, name upper-cased with spaces as `_` (Handlers/Handler.cs
 *    AddInputsToEnvironment), PATH prefixed with GITHUB_PATH entries (AddPrependPathToEnvironment);
 * 4. the github and runner contexts' allow-listed keys as GITHUB_<KEY> / RUNNER_<KEY>
 *    (GitHubContext.cs GetRuntimeEnvironmentVariables, RunnerContext.cs) — the file-command paths
 *    are github.output/env/state/path/step_summary (FileCommandManager.InitializeFiles);
 * 5. ACTIONS_* runtime variables (Handlers/NodeScriptActionHandler.cs);
 * 6. GITHUB_ACTIONS=true, and CI=true unless set (Runner.Sdk/ProcessInvoker.cs).
 * GITHUB_TOKEN is not in the allow-list: an action gets the token only through an input.
 * GITHUB_ACTION_PATH (github.action_path) is set by Handlers/CompositeActionHandler.cs only, so a
 * JavaScript action's step does not get it unless the caller's github context carries it.
 */
import path from 'node:path';

/** GitHubContext._contextEnvAllowlist. */
export const GITHUB_ENV_KEYS: ReadonlySet<string> = new Set([
  'action_path',
  'action_ref',
  'action_repository',
  'action',
  'actor',
  'actor_id',
  'api_url',
  'artifacts',
  'artifacts_list',
  'base_ref',
  'env',
  'event_name',
  'event_path',
  'graphql_url',
  'head_ref',
  'job',
  'output',
  'path',
  'ref_name',
  'ref_protected',
  'ref_type',
  'ref',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'retention_days',
  'run_attempt',
  'run_id',
  'run_number',
  'server_url',
  'sha',
  'state',
  'step_summary',
  'triggering_actor',
  'workflow',
  'workflow_ref',
  'workflow_sha',
  'workspace',
]);

/** The runner's name for an input's variable (Handler.cs AddInputsToEnvironment). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** GITHUB_<KEY> for the allow-listed string and boolean keys of the github context. */
export function githubContextEnv(
  github: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(github)) {
    if (!GITHUB_ENV_KEYS.has(key)) continue;
    // BooleanContextData.ToString() is .NET's bool: 'True' / 'False'.
    if (typeof value === 'string') env[`GITHUB_${key.toUpperCase()}`] = value;
    else if (typeof value === 'boolean')
      env[`GITHUB_${key.toUpperCase()}`] = value ? 'True' : 'False';
  }
  return env;
}

/** RUNNER_<KEY> for the string keys of the runner context. */
export function runnerContextEnv(
  runner: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(runner))
    if (typeof value === 'string') env[`RUNNER_${key.toUpperCase()}`] = value;
  return env;
}

export interface StepEnvParts {
  readonly hostEnv: Readonly<Record<string, string>>;
  readonly jobEnv: Readonly<Record<string, string>>;
  readonly state: Readonly<Record<string, string>>;
  readonly inputs: Readonly<Record<string, string>>;
  /** GITHUB_PATH entries of earlier steps, oldest first (the newest ends up first in PATH). */
  readonly prependPath: readonly string[];
  readonly github: Readonly<Record<string, unknown>>;
  readonly runner: Readonly<Record<string, unknown>>;
  readonly actionsEnv: Readonly<Record<string, string>>;
}

export function composeStepEnv(parts: StepEnvParts): Record<string, string> {
  const env: Record<string, string> = { ...parts.hostEnv, ...parts.jobEnv };
  for (const [name, value] of Object.entries(parts.state)) env[`STATE_${name}`] = value;
  for (const [name, value] of Object.entries(parts.inputs)) env[inputVariable(name)] = value;
  if (parts.prependPath.length > 0)
    env['PATH'] = [...[...parts.prependPath].reverse(), env['PATH'] ?? '']
      .filter((p) => p !== '')
      .join(path.delimiter);
  Object.assign(env, githubContextEnv(parts.github), runnerContextEnv(parts.runner));
  Object.assign(env, parts.actionsEnv);
  env['GITHUB_ACTIONS'] = 'true';
  if (env['CI'] === undefined) env['CI'] = 'true';
  return env;
}
