/**
 * Temporary paths the post step deletes (plan files, downloaded archives): each is recorded in
 * the TEMP_PATHS_STATE saved state the moment it exists, so a failed or cancelled main step
 * leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ActionsIO } from './actions-io.js';
import { TEMP_PATHS_STATE } from './run-state.js';

const recorded: string[] = [];

/** Creates a private (0700) per-run directory under RUNNER_TEMP and records it for the post step. */
export async function makeRunTempDir(
  io: Pick<ActionsIO, 'saveState'>,
  env: NodeJS.ProcessEnv,
  label: string,
): Promise<string> {
  const base = env['RUNNER_TEMP'] || tmpdir();
  const dir = path.join(base, `grape-${label}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  recordTempPath(io, dir);
  return dir;
}

/** Records a path made elsewhere (the isolated engine's directory) for the post step to delete. */
export function recordTempPath(io: Pick<ActionsIO, 'saveState'>, dir: string): void {
  recorded.push(dir);
  io.saveState(TEMP_PATHS_STATE, JSON.stringify(recorded));
}
