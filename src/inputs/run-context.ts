/** What the runner tells the action about the workflow run (GITHUB_* variables), read once. */
export interface RunContext {
  readonly runId: string | undefined;
  readonly runAttempt: string;
  readonly actor: string | undefined;
  readonly repository: string | undefined;
  readonly serverUrl: string;
  readonly sha: string | undefined;
  readonly ref: string | undefined;
  readonly workspace: string;
  /** Link to the run's page, when the run is known. */
  readonly runUrl: string | undefined;
}

export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const serverUrl = value('GITHUB_SERVER_URL') ?? 'https://github.com';
  const runId = value('GITHUB_RUN_ID');
  const repository = value('GITHUB_REPOSITORY');
  return {
    runId,
    runAttempt: value('GITHUB_RUN_ATTEMPT') ?? '1',
    actor: value('GITHUB_ACTOR'),
    repository,
    serverUrl,
    sha: value('GITHUB_SHA'),
    ref: value('GITHUB_REF'),
    workspace: value('GITHUB_WORKSPACE') ?? process.cwd(),
    runUrl: runId && repository ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
  };
}
