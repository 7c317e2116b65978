/**
 * The one adapter between Grape and `node:child_process`. Everything that runs a program (the
 * engine, git, sudo) takes a `Spawn` so tests can stand in a fake process without mocking modules;
 * run-to-completion.ts collects a short program's output through it.
 */
import { spawn as nodeSpawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildProcessLike {
  readonly pid: number | undefined;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exited: Promise<ProcessExit>;
  signal(signal: NodeJS.Signals): void;
  /**
   * Keeps the engine's output pipes open after this process dies: terraform (Go) exits on its
   * next write to a closed stdout (SIGPIPE), which would leave the state lock held.
   */
  keepOutputOpen?(): void;
}

/** A detached reader that drains fds 0 and 3 (the engine's stdout and stderr) until they close. */
const DRAIN =
  "for (const fd of [0, 3]) { const s = require('fs').createReadStream(null, { fd }); s.on('data', () => {}); s.on('error', () => {}); }";

export interface SpawnOptions {
  readonly cwd: string;
  /** The whole environment the program sees (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Written to the program's standard input, which is closed afterwards (otherwise /dev/null). */
  readonly input?: string;
  /** Run as this user and group (the isolated engine; the action must be root). */
  readonly uid?: number;
  readonly gid?: number;
}

export type Spawn = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
) => ChildProcessLike;

/**
 * Node's spawn. The child gets its own process group (`detached`): a Ctrl-C or a runner signal to
 * our group must not reach terraform directly, because terraform treats a second interrupt as
 * "exit immediately" (leaving the state lock held); Grape forwards exactly one interrupt instead.
 */
export const spawnProcess: Spawn = (command, args, options) => {
  const child = nodeSpawn(command, [...args], {
    cwd: options.cwd,
    env: { ...options.env },
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  if (child.stdin) {
    // A program may exit without reading its input; its exit status tells what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  }
  // Both pipes exist: stdio above asks for them.
  const stdout = child.stdout as Readable;
  const stderr = child.stderr as Readable;
  const exited = new Promise<ProcessExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    pid: child.pid,
    stdout,
    stderr,
    exited,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    keepOutputOpen: () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // The pipes' read ends are duplicated into the drainer, which outlives this process.
      const drainer = nodeSpawn(process.execPath, ['-e', DRAIN], {
        stdio: [stdout, 'ignore', 'ignore', stderr],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      drainer.on('error', () => undefined);
      drainer.unref();
    },
  };
};
