/**
 * Where a deployment's Terraform module is: one path relative to the root of its source (the
 * checkout), which may not leave that root — not through '..', not as an absolute path elsewhere,
 * not through a symbolic link. The action (`working-directory`, a spec's `source.path`) and the
 * dispatcher's local executor (GRAPE_LOCAL_SOURCE_DIR) resolve it here, and nowhere else.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** The module at the root of its source: the `working-directory` default and an empty `source.path`. */
export const DEFAULT_MODULE_PATH = '.';

/** A module path that leaves its root; `problem` says how, `value` is the path as given. */
export class ModulePathError extends Error {
  override readonly name = 'ModulePathError';
  constructor(
    readonly value: string,
    readonly problem: string,
  ) {
    super(`The module path '${value}' ${problem}.`);
  }
}

const inside = (root: string, target: string): boolean => {
  const relative = path.relative(root, target);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
  );
};

/**
 * The module's absolute directory under `root`, checked by its text alone (a clone's files may not
 * exist yet): throws ModulePathError when it leaves `root`. Empty means the root itself.
 */
export function resolveModulePath(root: string, modulePath: string): string {
  const value = modulePath === '' ? DEFAULT_MODULE_PATH : modulePath;
  const base = path.resolve(root);
  const directory = path.resolve(base, value);
  if (!inside(base, directory))
    throw new ModulePathError(
      value,
      path.isAbsolute(value)
        ? 'is an absolute path outside the source root'
        : "leaves the source root through '..'",
    );
  return directory;
}

/**
 * As resolveModulePath, then as it is on disk: every symbolic link on the way is followed and the
 * real directory must still be under the real root. Call it once the source is in place; a
 * directory that does not exist passes (there is nothing to follow).
 */
export async function resolveModuleDirectory(root: string, modulePath: string): Promise<string> {
  const directory = resolveModulePath(root, modulePath);
  const [realRoot, realDirectory] = await Promise.all([
    realpath(root),
    // A directory that is not there cannot lead anywhere: the engine reports it as missing.
    realpath(directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    }),
  ]);
  if (realDirectory === undefined) return directory;
  if (!inside(realRoot, realDirectory))
    throw new ModulePathError(
      modulePath,
      `leads through a symbolic link to ${realDirectory}, outside the source root`,
    );
  return directory;
}

/** The module path of `directory` under `root`, as resolveModulePath would take it back. */
export function relativeModulePath(root: string, directory: string): string {
  return path.relative(path.resolve(root), directory) || DEFAULT_MODULE_PATH;
}
