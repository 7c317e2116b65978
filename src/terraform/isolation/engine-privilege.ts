/**
 * The privileged steps of isolation, in the two ways a runner allows them: the action is root
 * (lchown and Node's uid/gid spawn options), or the action's user has passwordless sudo (the same
 * steps as `sudo -n` commands, the engine's through setpriv: sudo-command.ts). Everything goes
 * through the one spawn seam.
 */
import { chown } from 'node:fs/promises';
import { GrapeError } from '../../errors.js';
import type { Spawn } from '../../process/spawn-process.js';
import { ownDirectories, ownTree } from './own-tree.js';
import type { EngineUser } from './resolve-engine-user.js';
import { sudoAs, sudoRoot } from './sudo-command.js';

export type PrivilegeKind = 'root' | 'sudo';

export interface EnginePrivilege {
  readonly kind: PrivilegeKind;
  /** Who the engine runs as. */
  readonly user: EngineUser;
  /** The directory claimed with a per-run uid (pick-engine-id.ts): the engine's sandbox. */
  readonly claim?: string;
  /** Gives `dir` and everything in it to the engine user, following no link. */
  giveTree(dir: string): Promise<void>;
  /** Gives `dir` and the directories under it, not the files, to the engine user. */
  giveDirectories(dir: string): Promise<void>;
  /** Puts `dir` (the action's) in the engine user's group. */
  shareGroup(dir: string): Promise<void>;
  /** Spawns as the engine user. */
  readonly spawn: Spawn;
  /** Kills every process of the engine's uid (what a module left behind): this run's only, when the uid is its own. */
  reap(): Promise<void>;
}

/**
 * procps `kill -9 -1` (it takes no `--`): kill(2) with pid -1 signals every process the caller may signal,
 * except itself (and init). A C program: a node one-liner costs ~100 ms per engine command.
 */
const REAP = ['-9', '-1'];

const PATH_ONLY = () => ({ PATH: process.env['PATH'] ?? '/usr/bin:/bin' });

/**
 * Waits for the reaper. Its exit code says nothing (1 when nothing was left to kill), but one
 * that could not start must stop the run: a module's process would live on.
 */
async function reap(reaper: ReturnType<Spawn>): Promise<void> {
  reaper.stdout.resume();
  reaper.stderr.resume();
  await reaper.exited.catch((error: unknown) => {
    throw new GrapeError(
      `Tenant isolation: could not run \`kill\` as the engine user to stop what the module left running (${(error as Error).message}). Install procps (which provides kill) on the runner.`,
    );
  });
}

async function run(spawn: Spawn, command: string, args: readonly string[], cwd: string) {
  const child = spawn(command, args, { cwd, env: PATH_ONLY() });
  let stderr = '';
  child.stdout.resume();
  const [exit] = await Promise.all([
    child.exited,
    (async () => {
      for await (const chunk of child.stderr) stderr += (chunk as Buffer).toString();
    })(),
  ]);
  if (exit.code !== 0)
    throw new GrapeError(
      `Tenant isolation: \`${command} ${args.join(' ')}\` failed (exit ${exit.code ?? exit.signal}): ${stderr.trim() || 'no message'}.`,
    );
}

export function enginePrivilege(
  kind: PrivilegeKind,
  user: EngineUser,
  spawn: Spawn,
  claim?: string,
): EnginePrivilege {
  const { uid, gid } = user;
  const common = { user, ...(claim !== undefined ? { claim } : {}) };
  if (kind === 'root')
    return {
      kind,
      ...common,
      giveTree: (dir) => ownTree(dir, uid, gid),
      giveDirectories: (dir) => ownDirectories(dir, uid, gid),
      shareGroup: (dir) => chown(dir, 0, gid),
      spawn: (command, args, options) => spawn(command, args, { ...options, uid, gid }),
      reap: async () => {
        await reap(spawn('kill', REAP, { cwd: '/', env: PATH_ONLY(), uid, gid }));
      },
    };
  return {
    kind,
    ...common,
    // chown -R without -L follows no link; -h changes a link itself, not its target.
    giveTree: (dir) => {
      const c = sudoRoot('chown', ['-hR', `${uid}:${gid}`, '--', dir]);
      return run(spawn, c.command, c.args, '/');
    },
    giveDirectories: (dir) => {
      const c = sudoRoot('find', [
        dir,
        '-type',
        'd',
        '-exec',
        'chown',
        '-h',
        `${uid}:${gid}`,
        '{}',
        '+',
      ]);
      return run(spawn, c.command, c.args, '/');
    },
    shareGroup: (dir) => {
      const c = sudoRoot('chgrp', ['-h', String(gid), '--', dir]);
      return run(spawn, c.command, c.args, '/');
    },
    spawn: (command, args, options) => {
      const c = sudoAs(user, command, args, options.env, options.cwd);
      return spawn(c.command, c.args, { cwd: '/', env: options.env });
    },
    reap: async () => {
      const c = sudoAs(user, 'kill', REAP, {});
      await reap(spawn(c.command, c.args, { cwd: '/', env: PATH_ONLY() }));
    },
  };
}
