/**
 * Deletes one recorded temporary path for the post step. An isolated engine's directory holds
 * files the engine user owns (.terraform, its plugins): root removes them, but an action isolating
 * through sudo (GitHub-hosted runners) cannot, and removes it with `sudo -n rm -rf` instead.
 */
import { rm } from 'node:fs/promises';
import { GrapeError } from '../errors.js';
import { runToCompletion } from '../process/run-to-completion.js';
import { spawnProcess } from '../process/spawn-process.js';

export type RunCommand = (command: string, args: readonly string[]) => Promise<unknown>;

const runCommand: RunCommand = async (command, args) => {
  const result = await runToCompletion(spawnProcess, command, args, { cwd: '/', env: process.env });
  if (result.code !== 0)
    throw new GrapeError(
      `${command} ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`,
    );
};

export interface RemoveDeps {
  readonly run: RunCommand;
  readonly uid: number | undefined;
  readonly remove: (target: string) => Promise<void>;
}

const defaults: RemoveDeps = {
  run: runCommand,
  uid: process.getuid?.(),
  remove: (target) => rm(target, { recursive: true, force: true }),
};

export async function removeTempPath(target: string, deps: RemoveDeps = defaults): Promise<void> {
  const { run, uid } = deps;
  try {
    await deps.remove(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== 'EACCES' && code !== 'EPERM') || uid === 0 || uid === undefined) throw error;
    await run('sudo', ['-n', '--', 'rm', '-rf', '--', target]);
  }
}
