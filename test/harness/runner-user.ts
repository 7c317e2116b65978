/**
 * The action run as GitHub-hosted runners run it: as an ordinary user (`runner`) with passwordless
 * sudo (`runner ALL=(ALL) NOPASSWD:ALL`, docs.github.com/en/actions/reference/runners/
 * github-hosted-runners, "Administrative privileges"). .ci/run installs Debian's sudo and creates
 * that user; the tests start the action's node as `runner` from root (the emulated runner
 * service), so they need root, sudo and the user, and say which is missing when they skip.
 */
import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionNode } from './action-runner.js';

export const RUNNER_USER = 'runner';

export interface RunnerUser {
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

function probe(): RunnerUser | string {
  if (process.getuid?.() !== 0)
    return 'needs root (uid 0) to start the action as the runner user, as .ci/run does';
  const sh = (script: string) => {
    try {
      return execFileSync('sh', ['-c', script], { encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch {
      return undefined;
    }
  };
  if (!sh('command -v sudo')) return 'no sudo on PATH (apt-get install -y sudo; .ci/run does)';
  if (!sh('command -v setpriv')) return 'no setpriv on PATH (util-linux)';
  const entry = sh(`getent passwd ${RUNNER_USER}`);
  if (!entry)
    return `no user '${RUNNER_USER}' (useradd --create-home ${RUNNER_USER}, with 'runner ALL=(ALL) NOPASSWD:ALL' in /etc/sudoers.d/runner; .ci/run does)`;
  if (
    sh(
      `setpriv --reuid=${RUNNER_USER} --regid=${RUNNER_USER} --init-groups -- sudo -n -- setpriv --version`,
    ) === undefined
  )
    return `user '${RUNNER_USER}' has no passwordless sudo ('runner ALL=(ALL) NOPASSWD:ALL' in /etc/sudoers.d/runner; .ci/run does)`;
  const [, , uid, gid, , home] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid), home: home! };
}

const probed = probe();
/** The runner user, or undefined (see `runnerUserMissing`). */
export const runnerUser: RunnerUser | undefined = typeof probed === 'string' ? undefined : probed;
/** Why the runner user cannot be used here, or '' when it can. */
export const runnerUserMissing = typeof probed === 'string' ? probed : '';

/** Gives a directory and everything in it to the runner user (its workspace, temp, tool cache). */
export async function giveToRunner(dir: string, user: RunnerUser): Promise<void> {
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await giveToRunner(full, user);
    else if (!entry.isSymbolicLink()) await chown(full, user.uid, user.gid);
  }
}

/**
 * A `node` for runAction that starts the action as the runner user: the emulated runner service
 * (root) first gives the step's file-command files, their directory and RUNNER_TEMP to that user,
 * as a runner running as `runner` has them, then execs node as `runner` (same pid, so the runner's
 * signals reach the action itself).
 */
export async function nodeAsRunner(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-runner-node-'));
  const wrapper = path.join(dir, 'node');
  await writeFile(
    wrapper,
    [
      // bash, not sh: dash drops variables whose names are not shell names (INPUT_SPEC-PUBLIC-KEY).
      '#!/bin/bash',
      'set -e',
      `for f in "$GITHUB_ENV" "$GITHUB_OUTPUT" "$GITHUB_STATE" "$GITHUB_PATH" "$GITHUB_STEP_SUMMARY"; do chown ${RUNNER_USER}: "$f"; done`,
      `chown ${RUNNER_USER}: "$(dirname "$GITHUB_ENV")"`,
      `if [ -d "$RUNNER_TEMP" ]; then chown -R ${RUNNER_USER}: "$RUNNER_TEMP"; fi`,
      `exec setpriv --reuid=${RUNNER_USER} --regid=${RUNNER_USER} --init-groups -- '${actionNode()}' "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(dir, 0o755);
  await chmod(wrapper, 0o755);
  return wrapper;
}
