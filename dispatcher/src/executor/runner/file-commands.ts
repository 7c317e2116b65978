/**
 * The runner's file commands, as actions/runner src/Runner.Worker/FileCommandManager.cs does them:
 * one fresh empty file per step and command (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH,
 * GITHUB_STEP_SUMMARY), read back after the step with the runner's parser (`NAME=value` or
 * `NAME<<DELIMITER` heredocs; a missing delimiter, an empty name or a line of neither form fails
 * the step), the runner's refusals (NODE_OPTIONS through GITHUB_ENV) and limits (a step summary
 * over 1 MiB is dropped with an error).
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const FILE_COMMANDS = {
  GITHUB_PATH: 'add_path_',
  GITHUB_ENV: 'set_env_',
  GITHUB_STEP_SUMMARY: 'step_summary_',
  GITHUB_STATE: 'save_state_',
  GITHUB_OUTPUT: 'set_output_',
} as const;

export type FileCommandName = keyof typeof FILE_COMMANDS;
export type FileCommandFiles = Readonly<Record<FileCommandName, string>>;

/** CreateStepSummaryCommand.AttachmentSizeLimit. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;
/** SetEnvFileCommand._setEnvBlockList. */
const ENV_BLOCK_LIST = ['NODE_OPTIONS'];

export interface FileCommandResults {
  readonly outputs: Record<string, string>;
  readonly env: Record<string, string>;
  readonly state: Record<string, string>;
  /** GITHUB_PATH lines, in order (the runner prepends them to PATH for later steps). */
  readonly path: string[];
  /** The step summary, undefined when empty or refused. */
  readonly summary: string | undefined;
  /** What the runner reports as errors (`##[error]`); any of them fails the step. */
  readonly errors: string[];
  /** Errors that fail the step (CommandResult = Failed in ProcessFiles). */
  readonly failed: boolean;
}

/** InitializeFiles: a fresh empty file per command, `<prefix><guid>` in the file-command dir. */
export async function createFileCommands(dir: string): Promise<FileCommandFiles> {
  const suffix = randomUUID();
  const files = Object.fromEntries(
    Object.entries(FILE_COMMANDS).map(([name, prefix]) => [name, path.join(dir, prefix + suffix)]),
  ) as Record<FileCommandName, string>;
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  return files;
}

/** EnvFileKeyValuePairs: the pairs of a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file. */
export function parseKeyValueFile(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let index = 0;
  // ReadLine (non-Windows): lines end at LF only; the last line may lack one.
  const readLine = (): { line: string; newline: boolean } | undefined => {
    if (index >= text.length) return undefined;
    const lf = text.indexOf('\n', index);
    const start = index;
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: false };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: true };
  };
  for (let read = readLine(); read !== undefined; read = readLine()) {
    const line = read.line;
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      pairs.push([line.slice(0, equals), line.slice(equals + 1)]);
    } else if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
      const key = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (key === '' || delimiter === '')
        throw new Error(
          `Invalid format '${line}'. Name must not be empty and delimiter must not be empty`,
        );
      const start = index;
      let end = index;
      for (let next = readLine(); next?.line !== delimiter; next = readLine()) {
        if (next === undefined)
          throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`);
        if (!next.newline) throw new Error('Invalid value. EOF marker missing new line.');
        end = index - 1;
      }
      pairs.push([key, end > start ? text.slice(start, end) : '']);
    } else {
      throw new Error(`Invalid format '${line}'`);
    }
  }
  return pairs;
}

/** ProcessFiles: reads every file command back after a step, in the runner's order. */
export async function processFileCommands(files: FileCommandFiles): Promise<FileCommandResults> {
  const errors: string[] = [];
  let failed = false;
  const read = (file: string): Promise<string> => readFile(file, 'utf8').catch(() => '');
  const pairsOf = async (name: FileCommandName): Promise<[string, string][]> => {
    try {
      return parseKeyValueFile(await read(files[name]));
    } catch (error) {
      const context = { GITHUB_ENV: 'env', GITHUB_STATE: 'state', GITHUB_OUTPUT: 'output' }[
        name as 'GITHUB_ENV'
      ];
      errors.push(`Unable to process file command '${context}' successfully.`);
      errors.push((error as Error).message);
      failed = true;
      return [];
    }
  };
  const pathLines = (await read(files.GITHUB_PATH)).split('\n').filter((line) => line !== '');
  const env: Record<string, string> = {};
  for (const [key, value] of await pairsOf('GITHUB_ENV')) {
    if (ENV_BLOCK_LIST.some((blocked) => blocked.toLowerCase() === key.toLowerCase()))
      errors.push(`Can't store ${key} output parameter using '$GITHUB_ENV' command.`);
    else env[key] = value;
  }
  let summary: string | undefined;
  const size = (await stat(files.GITHUB_STEP_SUMMARY).catch(() => undefined))?.size ?? 0;
  if (size > STEP_SUMMARY_LIMIT)
    errors.push(
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${STEP_SUMMARY_LIMIT / 1024}k, got ${Math.floor(size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`,
    );
  else if (size > 0) summary = await read(files.GITHUB_STEP_SUMMARY);
  const state = Object.fromEntries(await pairsOf('GITHUB_STATE'));
  const outputs = Object.fromEntries(await pairsOf('GITHUB_OUTPUT'));
  return { outputs, env, state, path: pathLines, summary, errors, failed };
}
