/**
 * The command lines of isolation through sudo, for a runner whose action runs as an ordinary user
 * with passwordless sudo (GitHub-hosted Linux runners: "The Linux and macOS virtual machines both
 * run using passwordless sudo", docs.github.com/en/actions/reference/runners/github-hosted-runners,
 * "Administrative privileges"; their sudoers entry is `runner ALL=(ALL) NOPASSWD:ALL`).
 *
 * The engine's uid is usually a bare number with no account (pick-engine-id.ts), and sudo's
 * `-u '#<uid>'` refuses those: `(ALL)` matches unknown ids only with `runas_allow_unknown_id`,
 * off by default (sudoers(5); sudo 1.9.13 says "unknown user #<uid>"). So sudo runs util-linux's
 * `setpriv` as root, which sets real, effective and saved uid and gid, drops every supplementary
 * group and sets no_new_privs (no setuid program, sudo included, can raise the engine again) before
 * it executes the command.
 *
 * The engine's environment holds the target role's credentials: it must never reach an argv
 * (/proc/<pid>/cmdline is world-readable). sudo resets the environment (env_reset) and keeps the
 * variables named in `--preserve-env=<list>` (allowed because a command of `ALL` implies the SETENV
 * tag, sudoers(5)); PATH, HOME and TMPDIR, which sudo would replace (secure_path, HOME of the
 * target user), are not secrets and go through `env NAME=value`.
 */

/** Variables set through `env` after sudo (sudo would replace them). */
const SET_AFTER = ['PATH', 'HOME', 'TMPDIR'];
/** Names sudo's comma-separated list can carry. */
const LISTABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SudoCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * `sudo -n --preserve-env=<names> -- setpriv --reuid=<uid> --regid=<gid> --clear-groups
 * --no-new-privs -- env --chdir=<cwd> PATH=… HOME=… TMPDIR=… <command> <args>`. The engine's
 * working directory is the engine's own (0700 or so), which the action cannot enter: sudo is
 * started elsewhere and the engine's uid changes into it (coreutils env's --chdir; sudo's own -D
 * needs a `runcwd` sudoers option that hosted runners do not set).
 */
export function sudoAs(
  user: { readonly uid: number; readonly gid: number },
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  cwd = '/',
): SudoCommand {
  const names = Object.keys(env).filter((n) => !SET_AFTER.includes(n) && LISTABLE.test(n));
  const set = SET_AFTER.filter((n) => env[n] !== undefined).map((n) => `${n}=${env[n]}`);
  return {
    command: 'sudo',
    args: [
      '-n',
      ...(names.length > 0 ? [`--preserve-env=${names.sort().join(',')}`] : []),
      '--',
      'setpriv',
      `--reuid=${user.uid}`,
      `--regid=${user.gid}`,
      '--clear-groups',
      '--no-new-privs',
      '--',
      'env',
      `--chdir=${cwd}`,
      ...set,
      command,
      ...args,
    ],
  };
}

/** `sudo -n <command> <args>` for the few root steps (chown, chgrp, find, rm). */
export function sudoRoot(command: string, args: readonly string[]): SudoCommand {
  return { command: 'sudo', args: ['-n', '--', command, ...args] };
}
