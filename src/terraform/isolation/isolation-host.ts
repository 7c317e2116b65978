/**
 * The machine facts isolation depends on (decide-isolation.ts, pick-engine-id.ts): who the action
 * is, whether it has passwordless sudo (probed through the one spawn seam), which uids and gids
 * are taken, and the claim of a per-run id in the shared temp directory.
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Spawn } from '../../process/spawn-process.js';
import type { IsolationHost } from './decide-isolation.js';
import { sudoRoot } from './sudo-command.js';

async function exitCode(spawn: Spawn, command: string, args: readonly string[]) {
  try {
    const child = spawn(command, args, {
      cwd: '/',
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    });
    child.stdout.resume();
    child.stderr.resume();
    return (await child.exited).code;
  } catch {
    return null;
  }
}

/** The ids of the `Uid:` and `Gid:` lines of a /proc/<pid>/status (real, effective, saved, fs). */
function statusIds(status: string): number[] {
  return [...status.matchAll(/^(?:Uid|Gid):\s+(.*)$/gm)].flatMap((m) =>
    m[1]!.trim().split(/\s+/).map(Number),
  );
}

/** The third field of each line of /etc/passwd or /etc/group, and passwd's fourth (the group). */
function databaseIds(text: string | undefined, fields: readonly number[]): number[] {
  return (text ?? '')
    .split('\n')
    .flatMap((line) => fields.map((f) => Number(line.split(':')[f])))
    .filter((id) => Number.isInteger(id));
}

/** Every uid and gid in use on the machine: live processes, accounts and groups. */
export async function idsInUse(proc = '/proc'): Promise<ReadonlySet<number>> {
  const used = new Set<number>();
  for (const pid of (await readdir(proc).catch(() => [])).filter((p) => /^\d+$/.test(p))) {
    const status = await readFile(path.join(proc, pid, 'status'), 'utf8').catch(() => '');
    for (const id of statusIds(status)) used.add(id);
  }
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => undefined);
  const group = await readFile('/etc/group', 'utf8').catch(() => undefined);
  for (const id of [...databaseIds(passwd, [2, 3]), ...databaseIds(group, [2])]) used.add(id);
  return used;
}

export function isolationHost(spawn: Spawn, tempBase: string = tmpdir()): IsolationHost {
  return {
    uid: process.getuid?.(),
    readPasswd: () => readFile('/etc/passwd', 'utf8').catch(() => undefined),
    canSudo: async () => {
      const c = sudoRoot('setpriv', ['--version']);
      return (await exitCode(spawn, c.command, c.args)) === 0;
    },
    idsInUse: () => idsInUse(),
    claim: async (id) => {
      const dir = path.join(tempBase, `grape-engine-${id}`);
      try {
        await mkdir(dir, { mode: 0o700 });
        return dir;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
        throw error;
      }
    },
  };
}
