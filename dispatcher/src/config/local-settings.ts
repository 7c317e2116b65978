/**
 * The local executor's settings: where the bundled action, the Terraform sources and the engine
 * are, and where runs, state, saved plans and facts go (under GRAPE_DATA_DIR by default).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SettingsReader } from './settings-reader.js';

/** The local executor: runs the bundled action in a child process on this machine. */
export interface LocalSettings {
  /** The bundled action (dist/index.js). */
  readonly actionPath: string;
  /** Project source paths are resolved against this directory. */
  readonly sourceDir: string;
  /** Terraform/OpenTofu binary handed to the action (`engine-path`); undefined: found on PATH. */
  readonly enginePath: string | undefined;
  /** Where facts go after an apply (the action's `facts-git-url`): a bare repo path or a URL. */
  readonly factsGitUrl: string;
  /** Per-run workspaces and logs. */
  readonly runsDir: string;
  /** Terraform state of projects without a backend: `<stateDir>/<tenant>/<project>/<env>/`. */
  readonly stateDir: string;
  /** Saved plans awaiting approval (the action's `file://` plan store), laid out the same way. */
  readonly plansDir: string;
}

/** The local executor's settings; paths resolve against `cwd`, run data lives in `dataDir`. */
export function readLocalSettings(
  settings: SettingsReader,
  dataDir: string,
  cwd: string,
  searchPath: string,
): LocalSettings {
  const { get, bad } = settings;
  const sourceDir = path.resolve(cwd, get('GRAPE_LOCAL_SOURCE_DIR') ?? '.');
  if (!existsSync(sourceDir))
    bad(
      'GRAPE_LOCAL_SOURCE_DIR',
      sourceDir,
      'does not exist',
      "Point it at the directory holding your Terraform modules (project paths are relative to it), e.g. '.'.",
    );
  const actionPath = path.resolve(cwd, get('GRAPE_LOCAL_ACTION') ?? 'dist/index.js');
  if (!existsSync(actionPath))
    bad(
      'GRAPE_LOCAL_ACTION',
      actionPath,
      'does not exist',
      "Run the dispatcher from the repository root (it runs dist/index.js), or set it to the bundled action's index.js.",
    );
  const enginePath = get('GRAPE_LOCAL_ENGINE_PATH');
  if (enginePath !== undefined && !existsSync(enginePath))
    bad(
      'GRAPE_LOCAL_ENGINE_PATH',
      enginePath,
      'does not exist',
      "Give the path of a terraform or tofu binary, e.g. '/usr/local/bin/terraform', or leave it unset to use the one on PATH.",
    );
  return {
    actionPath,
    sourceDir,
    enginePath: enginePath ?? findOnPath('terraform', searchPath) ?? findOnPath('tofu', searchPath),
    factsGitUrl: get('GRAPE_LOCAL_FACTS_GIT_URL') ?? path.join(dataDir, 'gitops.git'),
    runsDir: path.join(dataDir, 'runs'),
    stateDir: path.join(dataDir, 'state'),
    plansDir: path.join(dataDir, 'plans'),
  };
}

function findOnPath(binary: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, binary))) return path.join(dir, binary);
  }
  return undefined;
}
