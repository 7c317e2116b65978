/**
 * Which engine version to run. First match wins:
 * 1. the `engine-version` input;
 * 2. a version file: `.terraform-version` / `.opentofu-version`, or an asdf `.tool-versions` line,
 *    in the working directory or a parent up to the workspace root;
 * 3. the highest release satisfying the root module's `required_version`;
 * 4. the latest stable release.
 * An exact version is still checked against `required_version`, so a mismatch fails here, with
 * the file to change, not later inside `terraform init`.
 */
import path from 'node:path';
import { GrapeError } from '../errors.js';
import {
  describeRequest,
  parseVersionRequest,
  type EngineName,
  type VersionRequest,
} from '../config/engine-config.js';
import { configFileNames, requiredVersions } from './required-version.js';
import {
  latestStable,
  parseConstraint,
  pickVersion,
  satisfies,
  type Constraint,
} from '../lib/version-constraint.js';

export interface ResolveDeps {
  readonly readText: (file: string) => Promise<string | undefined>;
  readonly listDir: (dir: string) => Promise<string[]>;
  /** Every published version (network); only called when a list is needed. */
  readonly listReleases: () => Promise<string[]>;
}

export interface ResolvedVersion {
  readonly version: string;
  /** Which rule chose it, for the log: "input 'engine-version'", ".terraform-version", … */
  readonly source: string;
}

export interface ModuleConstraints {
  readonly constraints: readonly Constraint[];
  /** `'>= 1.9' (versions.tf)` for messages. */
  readonly described: string;
}

/** The root module's required_version constraints (all must hold). */
export async function moduleConstraints(
  workingDir: string,
  engine: EngineName,
  deps: Pick<ResolveDeps, 'readText' | 'listDir'>,
): Promise<ModuleConstraints> {
  const names = configFileNames(await deps.listDir(workingDir), engine);
  const files = [];
  for (const name of names) {
    const text = await deps.readText(path.join(workingDir, name));
    if (text !== undefined) files.push({ name, text });
  }
  const found = requiredVersions(files);
  const constraints: Constraint[] = [];
  for (const { file, constraint } of found) {
    const parsed = parseConstraint(constraint);
    if (!parsed)
      throw new GrapeError(
        `required_version '${constraint}' in ${file} is not a valid version constraint. Use e.g. '>= 1.5, < 2.0' or '~> 1.9'.`,
      );
    constraints.push(parsed);
  }
  return {
    constraints,
    described: found.map((f) => `'${f.constraint}' (${f.file})`).join(' and '),
  };
}

async function versionFile(
  workingDir: string,
  workspace: string,
  engine: EngineName,
  deps: ResolveDeps,
): Promise<
  { request: VersionRequest | 'min-required' | 'latest-allowed'; source: string } | undefined
> {
  const own = engine === 'opentofu' ? '.opentofu-version' : '.terraform-version';
  const tool = engine === 'opentofu' ? 'opentofu' : 'terraform';
  const stop = path.resolve(workspace);
  for (let dir = path.resolve(workingDir); ; dir = path.dirname(dir)) {
    const ownText = await deps.readText(path.join(dir, own));
    const fromOwn = ownText?.split('\n')[0]?.trim();
    const toolText = fromOwn ? undefined : await deps.readText(path.join(dir, '.tool-versions'));
    const fromTool = toolText
      ?.split('\n')
      .map((line) => line.replace(/#.*$/, '').trim().split(/\s+/))
      .find((words) => words[0] === tool)?.[1];
    const value = fromOwn || fromTool;
    const file = path.relative(stop, path.join(dir, fromOwn ? own : '.tool-versions')) || own;
    if (value) {
      if (value === 'min-required' || value === 'latest-allowed')
        return { request: value, source: file };
      const request = parseVersionRequest(value.replace(/^latest:.*$/, 'latest'));
      if (!request)
        throw new GrapeError(
          `${file} says '${value}', which is not a version. Write an exact version such as '1.9.8' (or 'latest', 'min-required', 'latest-allowed').`,
        );
      return { request, source: file };
    }
    if (dir === stop || dir === path.dirname(dir) || !dir.startsWith(stop)) return undefined;
  }
}

export async function resolveVersion(
  requested: VersionRequest | undefined,
  workingDir: string,
  workspace: string,
  engine: EngineName,
  deps: ResolveDeps,
): Promise<ResolvedVersion> {
  const module = await moduleConstraints(workingDir, engine, deps);
  const fromFile = requested ? undefined : await versionFile(workingDir, workspace, engine, deps);
  const source = requested ? "input 'engine-version'" : fromFile?.source;
  const request = requested ?? fromFile?.request;

  if (request === undefined || request === 'latest-allowed' || request === 'min-required') {
    if (module.constraints.length === 0) {
      const version = latestStable(await deps.listReleases());
      if (!version) throw new GrapeError('The release index lists no stable version.');
      return {
        version,
        source: source
          ? `${source} (no required_version: latest stable)`
          : 'latest stable release (no engine-version, version file or required_version)',
      };
    }
    const which = request === 'min-required' ? 'lowest' : 'highest';
    const version = pickVersion(await deps.listReleases(), module.constraints, which);
    if (!version)
      throw new GrapeError(`No ${engine} release satisfies required_version ${module.described}.`);
    return {
      version,
      source: `${source ? `${source}: ` : ''}${which} release satisfying required_version ${module.described}`,
    };
  }

  let version: string | undefined;
  if (request.kind === 'exact') version = request.version;
  else {
    const releases = await deps.listReleases();
    const constraints =
      request.kind === 'constraint' ? [request.constraint, ...module.constraints] : [];
    version =
      request.kind === 'latest' ? latestStable(releases) : pickVersion(releases, constraints);
    if (!version)
      throw new GrapeError(
        `No ${engine} release satisfies ${describeRequest(request)} from ${source}${module.constraints.length ? ` together with required_version ${module.described}` : ''}.`,
      );
  }
  checkAgainstModule(version, module, `${source ?? 'the resolved version'}`);
  return { version, source: source ?? 'unknown' };
}

/** Fails when `version` does not satisfy the module's required_version. */
export function checkAgainstModule(version: string, module: ModuleConstraints, from: string): void {
  const broken = module.constraints.find((c) => !satisfies(version, c));
  if (broken)
    throw new GrapeError(
      `${from} gives version ${version}, but the module's required_version ${module.described} does not allow it. Change one of them.`,
    );
}
