/**
 * What the runner emulation needs to run the action on the operator's machine: the github and
 * runner contexts of a local run, and the environment the "runner process" passes on — the
 * operator's own (PATH, HOME, AWS_* ambient credentials), never the dispatcher's own settings.
 */
import path from 'node:path';

/** Variables of the dispatcher's own configuration: a run never sees them. */
const PRIVATE = /^(GRAPE_|GITHUB_|DATABASE_URL$|INPUT_|ACTIONS_|RUNNER_|STATE_)/;

export interface LocalRunContexts {
  readonly contexts: {
    readonly github: Readonly<Record<string, unknown>> & { readonly workspace: string };
    readonly runner: Readonly<Record<string, unknown>> & { readonly temp: string };
  };
  readonly hostEnv: Record<string, string>;
}

export function localRunContexts(options: {
  readonly dir: string;
  readonly workspace: string;
  readonly runId: number;
  /** The project's repository (owner/name): what a checkout of it would report. */
  readonly repository: string;
  readonly operatorEnv: NodeJS.ProcessEnv;
}): LocalRunContexts {
  const { dir, workspace, runId, repository, operatorEnv } = options;
  const hostEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(operatorEnv))
    if (value !== undefined && !PRIVATE.test(name)) hostEnv[name] = value;
  const actor = operatorEnv['USER'] || 'grape-local';
  return {
    hostEnv,
    contexts: {
      github: {
        // No GitHub behind a local run: `${{ github.token }}` (the github-token default) is empty.
        token: '',
        workspace,
        run_id: String(runId),
        run_number: '1',
        run_attempt: '1',
        repository,
        repository_owner: repository.split('/')[0],
        actor,
        triggering_actor: actor,
        event_name: 'workflow_dispatch',
        server_url: 'https://github.com',
        api_url: 'https://api.github.com',
        graphql_url: 'https://api.github.com/graphql',
        workflow: 'grape-runner',
        job: 'deploy',
        action: '__grape_deploy',
      },
      runner: {
        os:
          process.platform === 'darwin'
            ? 'macOS'
            : process.platform === 'win32'
              ? 'Windows'
              : 'Linux',
        arch: process.arch === 'arm64' ? 'ARM64' : 'X64',
        name: 'grape-local',
        environment: 'self-hosted',
        temp: path.join(dir, 'tmp'),
        tool_cache: path.join(dir, 'tool-cache'),
      },
    },
  };
}
