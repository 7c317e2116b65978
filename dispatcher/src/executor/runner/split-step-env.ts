/**
 * Sorts a flat environment (how a test or an operator states a run: `GITHUB_REPOSITORY=…`,
 * `RUNNER_TEMP=…`, `ACTIONS_ID_TOKEN_REQUEST_URL=…`, `AWS_REGION=…`) into where the runner keeps
 * each: github context keys, runner context keys, the ACTIONS_* runtime variables, and the job's
 * own environment. step-env.ts then composes them back in the runner's order, so a GITHUB_* value
 * reaches the action exactly once and from the place a real runner would take it.
 */
import { GITHUB_ENV_KEYS } from './step-env.js';

/** Per-step file-command paths: always the emulation's own files, never given. */
const PER_STEP = new Set(['output', 'env', 'state', 'path', 'step_summary']);

export interface SplitStepEnv {
  readonly github: Record<string, string>;
  readonly runner: Record<string, string>;
  readonly actionsEnv: Record<string, string>;
  readonly jobEnv: Record<string, string>;
}

export function splitStepEnv(env: Readonly<Record<string, string | undefined>>): SplitStepEnv {
  const split: SplitStepEnv = { github: {}, runner: {}, actionsEnv: {}, jobEnv: {} };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const githubKey = /^GITHUB_(.+)$/.exec(name)?.[1]?.toLowerCase();
    const runnerKey = /^RUNNER_(.+)$/.exec(name)?.[1]?.toLowerCase();
    if (githubKey !== undefined && GITHUB_ENV_KEYS.has(githubKey)) {
      if (!PER_STEP.has(githubKey)) split.github[githubKey] = value;
    } else if (runnerKey !== undefined) split.runner[runnerKey] = value;
    else if (name.startsWith('ACTIONS_')) split.actionsEnv[name] = value;
    else split.jobEnv[name] = value;
  }
  return split;
}
