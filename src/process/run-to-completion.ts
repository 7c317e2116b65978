/**
 * A short program (git, sudo rm) run through the one spawn seam to its end: its exit code and
 * its whole output. Never rejects on an exit code; the caller decides what a failure means.
 */
import { readAll } from './read-all.js';
import type { Spawn, SpawnOptions } from './spawn-process.js';

export interface CompletedProcess {
  /** The exit code; 1 when the program was killed by a signal. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Far above what git prints for one command, so a runaway program cannot fill memory. */
const OUTPUT_LIMIT = 64 * 1024 * 1024;

export interface RunOptions extends Omit<SpawnOptions, 'env'> {
  /** The program's whole environment, as `process.env` holds it (unset entries are left out). */
  readonly env: NodeJS.ProcessEnv;
}

/** Runs `command` with `args` (no shell) through `spawn` and waits for it to exit. */
export async function runToCompletion(
  spawn: Spawn,
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CompletedProcess> {
  const env = Object.fromEntries(
    Object.entries(options.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const child = spawn(command, args, { ...options, env });
  const what = `The output of ${command} ${args[0] ?? ''}`.trimEnd();
  const read = (stream: typeof child.stdout) =>
    readAll(stream, OUTPUT_LIMIT, what).catch((error: unknown) => {
      child.signal('SIGKILL');
      throw error;
    });
  const [stdout, stderr, exit] = await Promise.all([
    read(child.stdout),
    read(child.stderr),
    child.exited,
  ]);
  return { code: exit.code ?? 1, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8') };
}
