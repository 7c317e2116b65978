/** A Spawn that records every call and exits with what `exitFor` says (no process is started). */
import { PassThrough } from 'node:stream';
import type { Spawn, SpawnOptions } from '../../../src/process/spawn-process.js';

export interface SpawnCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: SpawnOptions;
}

export function recordSpawn(exitFor: (call: SpawnCall) => number = () => 0): {
  spawn: Spawn;
  calls: SpawnCall[];
} {
  const calls: SpawnCall[] = [];
  const spawn: Spawn = (command, args, options) => {
    const call = { command, args: [...args], options };
    calls.push(call);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const code = exitFor(call);
    stdout.end();
    stderr.end(code === 0 ? '' : 'sudo: a password is required\n');
    return {
      pid: 4242,
      stdout,
      stderr,
      exited: Promise.resolve({ code, signal: null }),
      signal: () => undefined,
    };
  };
  return { spawn, calls };
}
