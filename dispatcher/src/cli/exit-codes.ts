/**
 * The CLI's exit codes, one meaning each, so scripts can tell "needs a human" from "done" from
 * "broken". Listed in `grape --help` and README.md.
 */
export const EXIT = {
  /** Done: the command worked; with --wait, the deployment succeeded. */
  ok: 0,
  /** The command itself failed: bad flags, unreachable dispatcher, refused request. */
  error: 1,
  /** With --wait: the deployment failed. */
  failed: 2,
  /** `audit verify`: the chain is broken. */
  auditBroken: 3,
  /** With --wait: the plan has changes and awaits approval (`grape approve <id>`). */
  awaitingApproval: 4,
  /** With --wait: the deployment was cancelled. */
  cancelled: 5,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  done (with --wait: the deployment succeeded)
  1  the command failed (bad flag, dispatcher unreachable, request refused)
  2  with --wait: the deployment failed
  3  audit verify: the audit chain is broken
  4  with --wait: the plan has changes and awaits approval (grape approve <id>)
  5  with --wait: the deployment was cancelled`;
