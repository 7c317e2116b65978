/**
 * The environment the GitHub Actions runner gives a JavaScript action's step, rebuilt for a local
 * run: INPUT_* variables, the file commands, GITHUB_* context. The operator's own environment
 * passes through (PATH, HOME, AWS_* ambient credentials), never the dispatcher's own settings.
 */
import path from 'node:path';

export interface RunnerFiles {
  readonly GITHUB_OUTPUT: string;
  readonly GITHUB_ENV: string;
  readonly GITHUB_STATE: string;
  readonly GITHUB_STEP_SUMMARY: string;
  readonly GITHUB_PATH: string;
}

/** Variables of the dispatcher's own configuration: a run never sees them. */
const PRIVATE = /^(GRAPE_|GITHUB_|DATABASE_URL$|INPUT_|ACTIONS_|RUNNER_|STATE_)/;

export function runnerEnv(options: {
  readonly dir: string;
  readonly workspace: string;
  readonly runId: number;
  readonly inputs: Readonly<Record<string, string>>;
  readonly operatorEnv: NodeJS.ProcessEnv;
}): { env: Record<string, string>; files: RunnerFiles } {
  const { dir, workspace, runId, inputs, operatorEnv } = options;
  const files: RunnerFiles = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_PATH: path.join(dir, 'path'),
  };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(operatorEnv)) {
    if (value !== undefined && !PRIVATE.test(name)) env[name] = value;
  }
  Object.assign(env, files, {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: path.join(dir, 'tmp'),
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'local/grape',
    GITHUB_ACTOR: operatorEnv['USER'] || 'grape-local',
    GITHUB_SERVER_URL: 'https://github.com',
  });
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, files };
}

/** Parses the runner's `name<<DELIMITER` / `name=value` file-command format. */
export function parseRunnerFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      result[heredoc[1]!] = value.join('\n');
    } else if (line.indexOf('=') > 0) {
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return result;
}
