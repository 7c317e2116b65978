/**
 * Where and as whom the engine runs. Without isolation: the module's own directory, the shared
 * plugin cache, the action's user. Isolated: a directory of its own under the system temp
 * directory (the runner's temp and tool directories are not the engine's to see),
 *
 *   grape-engine-<uid>/  <action user>:<engine group> 0750 — the engine cannot replace its entries
 *                        (grape-engine-XXXX with a fixed engine-user)
 *     bin/               the verified engine binary, linked or copied (the tool cache may be closed)
 *     work/              the engine's copy of the module's repository (without .git)
 *     home/              HOME and TMPDIR
 *     plugins/           this run's plugin cache, seeded from the shared one (own-tree.ts)
 *     plan/              <action user>:<engine group> 0770 — the plan file, read back with O_NOFOLLOW
 *
 * and every engine command spawned as the engine user (engine-privilege.ts). When a command ends,
 * every process left running as the engine user is killed, so nothing a module started outlives
 * the command it ran in, and nothing changes the directory while the action reads it.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, link, mkdir, mkdtemp, open, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GrapeError } from '../../errors.js';
import type { Spawn } from '../../process/spawn-process.js';
import type { EnginePrivilege } from './engine-privilege.js';
import { copyWorkingCopy, saveNewPlugins, seedPlugins } from './own-tree.js';

export interface SandboxPaths {
  readonly repositoryRoot: string;
  readonly workingDirectory: string;
  /** The shared plugin cache directory (plugin-cache.ts). */
  readonly pluginDir: string;
  /** The action's private temp directory for this run. */
  readonly tempDir: string;
  /** The verified engine binary. */
  readonly binaryPath: string;
}

export interface EngineSandbox {
  readonly binaryPath: string;
  readonly repositoryRoot: string;
  readonly workingDirectory: string;
  readonly pluginDir: string;
  readonly planFile: string;
  /** Variables that replace the job's for the engine (HOME, TMPDIR). */
  readonly env: Readonly<Record<string, string>>;
  readonly spawn: Spawn;
  /** Adds providers this run downloaded to the shared cache. */
  savePlugins(): Promise<void>;
  /** The plan file's bytes, refusing anything but a regular file with one link. */
  readPlan(): Promise<Buffer>;
}

export interface SandboxDeps {
  readonly spawn: Spawn;
  /** Records a path for the post step to delete (temp-paths.ts). */
  readonly record: (dir: string) => void;
  readonly tempBase?: string;
}

export async function prepareSandbox(
  privilege: EnginePrivilege | undefined,
  paths: SandboxPaths,
  deps: SandboxDeps,
): Promise<EngineSandbox> {
  if (!privilege) {
    const planFile = path.join(paths.tempDir, 'plan.tfplan');
    return {
      binaryPath: paths.binaryPath,
      repositoryRoot: paths.repositoryRoot,
      workingDirectory: paths.workingDirectory,
      pluginDir: paths.pluginDir,
      planFile,
      env: {},
      spawn: deps.spawn,
      savePlugins: async () => undefined,
      readPlan: () => readFile(planFile),
    };
  }
  // A per-run uid comes with its claimed directory (pick-engine-id.ts); a fixed user gets a new one.
  const base =
    privilege.claim ?? (await mkdtemp(path.join(deps.tempBase ?? tmpdir(), 'grape-engine-')));
  deps.record(base);
  await chmod(base, 0o750);
  await privilege.shareGroup(base);
  const bin = path.join(base, 'bin', path.basename(paths.binaryPath));
  await mkdir(path.dirname(bin));
  await placeBinary(paths.binaryPath, bin);
  const work = path.join(base, 'work');
  await copyWorkingCopy(paths.repositoryRoot, work);
  await privilege.giveTree(work);
  const home = path.join(base, 'home');
  await mkdir(path.join(home, 'tmp'), { recursive: true, mode: 0o700 });
  await privilege.giveTree(home);
  const plugins = path.join(base, 'plugins');
  await seedPlugins(paths.pluginDir, plugins);
  await privilege.giveDirectories(plugins);
  const planDir = path.join(base, 'plan');
  await mkdir(planDir);
  await chmod(planDir, 0o770);
  await privilege.shareGroup(planDir);
  const planFile = path.join(planDir, 'plan.tfplan');

  return {
    binaryPath: bin,
    repositoryRoot: work,
    workingDirectory: path.join(work, path.relative(paths.repositoryRoot, paths.workingDirectory)),
    pluginDir: plugins,
    planFile,
    env: { HOME: home, TMPDIR: path.join(home, 'tmp') },
    spawn: (command, args, options) => {
      const child = privilege.spawn(command, args, options);
      const exited = child.exited.then(
        async (exit) => {
          await privilege.reap();
          return exit;
        },
        async (error: unknown) => {
          await privilege.reap();
          throw error;
        },
      );
      return { ...child, exited };
    },
    savePlugins: async () => {
      await saveNewPlugins(plugins, paths.pluginDir);
    },
    readPlan: () => readOwnedPlan(planFile),
  };
}

/** A hard link when the binary is already executable by others (no mode change), else a copy. */
async function placeBinary(from: string, to: string): Promise<void> {
  if (
    ((await stat(from)).mode & 0o005) === 0o005 &&
    (await link(from, to).then(
      () => true,
      () => false,
    ))
  )
    return;
  await copyFile(from, to);
  await chmod(to, 0o755);
}

async function readOwnedPlan(file: string): Promise<Buffer> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(
    (error: NodeJS.ErrnoException) => {
      throw new GrapeError(
        `The plan file ${file} cannot be read (${error.code ?? error.message}): the module's code may have replaced it with a link. Refusing to use it.`,
      );
    },
  );
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.nlink !== 1)
      throw new GrapeError(
        `The plan file ${file} is not a plain file (${stat.nlink} links): the module's code may have replaced it. Refusing to use it.`,
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
