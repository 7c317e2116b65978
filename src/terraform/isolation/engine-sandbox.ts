/**
 * Where and as whom the engine runs. Without isolation: the module's own directory, the shared
 * plugin cache, the action's user. Isolated (the action is root): a directory of its own under the
 * system temp directory (the runner's temp and tool directories are not the engine's to see),
 *
 *   grape-engine-XXXX/   root:<engine gid> 0750 — the engine cannot rename or replace what is in it
 *     work/              the engine's copy of the module's repository (without .git)
 *     home/              HOME and TMPDIR
 *     plugins/           this run's plugin cache, seeded from the shared one (own-tree.ts)
 *     plan/              root:<engine gid> 0770 — the plan file, read back with O_NOFOLLOW
 *
 * and every engine command spawned with the engine's uid/gid (Node's `uid`/`gid` spawn options;
 * libuv also drops supplementary groups: src/unix/process.c, setgroups(0, NULL)). When a command
 * ends, every process left running as the engine user is killed (`kill(-1, SIGKILL)` from that
 * uid), so nothing a module started outlives the command it ran in.
 */
import { constants } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GrapeError } from '../../errors.js';
import type { Spawn } from '../spawn-process.js';
import { copyWorkingCopy, ownTree, saveNewPlugins, seedPlugins } from './own-tree.js';
import type { EngineUser } from './resolve-engine-user.js';

export interface SandboxPaths {
  readonly repositoryRoot: string;
  readonly workingDirectory: string;
  /** The shared plugin cache directory (plugin-cache.ts). */
  readonly pluginDir: string;
  /** The action's private temp directory for this run. */
  readonly tempDir: string;
}

export interface EngineSandbox {
  readonly user: EngineUser | undefined;
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

/** Node's one-liner that kills every process the calling uid may signal (not itself). */
const REAP = "try { process.kill(-1, 'SIGKILL') } catch {}";

export async function prepareSandbox(
  user: EngineUser | undefined,
  paths: SandboxPaths,
  deps: SandboxDeps,
): Promise<EngineSandbox> {
  if (!user)
    return {
      user,
      repositoryRoot: paths.repositoryRoot,
      workingDirectory: paths.workingDirectory,
      pluginDir: paths.pluginDir,
      planFile: path.join(paths.tempDir, 'plan.tfplan'),
      env: {},
      spawn: deps.spawn,
      savePlugins: async () => undefined,
      readPlan: () => readFile(path.join(paths.tempDir, 'plan.tfplan')),
    };
  const { uid, gid } = user;
  const base = await mkdtemp(path.join(deps.tempBase ?? tmpdir(), 'grape-engine-'));
  deps.record(base);
  await chown(base, 0, gid);
  await chmod(base, 0o750);
  const work = path.join(base, 'work');
  await copyWorkingCopy(paths.repositoryRoot, work);
  await ownTree(work, uid, gid);
  const home = path.join(base, 'home');
  await mkdir(path.join(home, 'tmp'), { recursive: true, mode: 0o700 });
  await ownTree(home, uid, gid);
  const plugins = path.join(base, 'plugins');
  await seedPlugins(paths.pluginDir, plugins, uid, gid);
  const planDir = path.join(base, 'plan');
  await mkdir(planDir, { mode: 0o770 });
  await chown(planDir, 0, gid);
  await chmod(planDir, 0o770);
  const planFile = path.join(planDir, 'plan.tfplan');

  const reap = async (): Promise<void> => {
    const reaper = deps.spawn(process.execPath, ['-e', REAP], { cwd: home, env: {}, uid, gid });
    reaper.stdout.resume();
    reaper.stderr.resume();
    await reaper.exited.catch(() => undefined);
  };
  return {
    user,
    repositoryRoot: work,
    workingDirectory: path.join(work, path.relative(paths.repositoryRoot, paths.workingDirectory)),
    pluginDir: plugins,
    planFile,
    env: { HOME: home, TMPDIR: path.join(home, 'tmp') },
    spawn: (command, args, options) => {
      const child = deps.spawn(command, args, { ...options, uid, gid });
      const exited = child.exited.then(
        async (exit) => {
          await reap();
          return exit;
        },
        async (error: unknown) => {
          await reap();
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
