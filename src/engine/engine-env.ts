/**
 * The environment the engine runs in: the job's, minus what the customer's module has no business
 * with (the runner's tokens, which would let it mint OIDC tokens for this workflow), plus the
 * session's AWS credentials (only here, never exported unless export-credentials), the variables,
 * and non-interactive settings.
 */
import { credentialEnv } from '../identity/export-credentials.js';
import type { AwsSession } from '../identity/obtain-credentials.js';

const WITHHELD = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
];
/** Ambient credential sources that would compete with the session's credentials. */
const AMBIENT_AWS = [
  'AWS_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_SESSION_NAME',
];

/**
 * The job's environment as every run of the engine binary gets it (terraform commands and the
 * `version -json` probe alike): without the runner's tokens, the action's inputs and state, and
 * injected CLI arguments.
 */
export function withheldEnv(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (WITHHELD.includes(name) || name.startsWith('INPUT_') || name.startsWith('STATE_')) continue;
    // Grape chooses the engine's flags (e.g. apply exactly the saved plan): no injected extras.
    if (name.startsWith('TF_CLI_ARGS')) continue;
    env[name] = value;
  }
  return env;
}

export function engineEnv(
  base: NodeJS.ProcessEnv,
  session: AwsSession,
  variables: Readonly<Record<string, string>>,
  pluginCacheDir: string,
): Record<string, string> {
  const env = withheldEnv(base);
  if (session.credentials) for (const name of AMBIENT_AWS) delete env[name];
  return {
    ...env,
    ...credentialEnv(session),
    ...variables,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_PLUGIN_CACHE_DIR: pluginCacheDir,
  };
}
