/**
 * Settles, before terraform starts, whether and how it runs isolated, and as whom: a uid/gid of
 * its own for this run (pick-engine-id.ts) unless `engine-user` names one user for every run. As
 * root, through Node's uid/gid spawn options; as an ordinary user with passwordless sudo
 * (GitHub-hosted runners), through `sudo -n … setpriv` (sudo-command.ts); otherwise not at all —
 * refused when isolation is required, else one warning that names the risk.
 */
import { GrapeError } from '../../errors.js';
import type { ActionsIO } from '../../runner/actions-io.js';
import { enginePrivilege, type EnginePrivilege } from './engine-privilege.js';
import type { IsolationConfig } from '../../config/isolation-config.js';
import { pickEngineId, type EngineIdHost } from './pick-engine-id.js';
import { saveEngineUser } from './reap-after-cancel.js';
import { resolveEngineUser } from './resolve-engine-user.js';

export interface IsolationHost extends EngineIdHost {
  /** The action's uid (process.getuid), undefined on Windows. */
  readonly uid: number | undefined;
  /** The text of /etc/passwd, if readable. */
  readPasswd(): Promise<string | undefined>;
  /** Whether `sudo -n -- setpriv --version` succeeds (passwordless sudo, and setpriv to drop to the engine's uid). */
  canSudo(): Promise<boolean>;
}

export const OFF_RISK =
  "terraform and the module's code (local-exec provisioners, external data sources) run as this action's OS user: they can read the runner's tokens from /proc/<pid>/environ (and mint OIDC tokens for this job with them), write GITHUB_ENV, GITHUB_OUTPUT and GITHUB_STATE, and read this run's temporary files. Deploy only modules you trust, or set `isolation: on` on a runner where the action is root or has passwordless sudo (docs/security.md)";

export async function decideIsolation(
  config: IsolationConfig,
  host: IsolationHost,
  spawn: EnginePrivilege['spawn'],
  io: Pick<ActionsIO, 'warning' | 'info' | 'saveState'>,
): Promise<EnginePrivilege | undefined> {
  if (config.mode === 'off') {
    io.warning(`Tenant isolation is off: ${OFF_RISK}.`);
    return undefined;
  }
  const kind =
    host.uid === 0 ? 'root' : host.uid !== undefined && (await host.canSudo()) ? 'sudo' : undefined;
  if (kind) {
    const choice = config.engineUser;
    const through = kind === 'sudo' ? ' through sudo' : '';
    if (choice.kind === 'fixed') {
      const user = resolveEngineUser(choice.user, await host.readPasswd());
      io.info(
        `Tenant isolation: terraform runs${through} as uid ${user.uid}, gid ${user.gid} (${user.name}, the 'engine-user' every run on this machine shares).`,
      );
      const privilege = enginePrivilege(kind, user, spawn);
      saveEngineUser(io, privilege);
      return privilege;
    }
    const picked = await pickEngineId(choice, host);
    io.info(
      `Tenant isolation: terraform runs${through} as uid ${picked.user.uid}, gid ${picked.user.gid} (this run's own, no account).`,
    );
    const privilege = enginePrivilege(kind, picked.user, spawn, picked.claim);
    saveEngineUser(io, privilege);
    return privilege;
  }
  const why =
    host.uid === undefined
      ? 'this platform has no uids (Windows)'
      : `the action runs as uid ${host.uid}, not as root, and has no passwordless sudo (with setpriv, from util-linux), so it cannot start terraform as another user`;
  if (config.mode === 'required')
    throw new GrapeError(
      `Tenant isolation is required${config.requiredBySpec ? ' by the deployment spec' : " (input 'isolation: required')"}, but ${why}. Run this job where the action is root or has passwordless sudo (GitHub-hosted runners have it; see docs/security.md, "Self-hosted runners"); the module was not run.`,
    );
  io.warning(`Tenant isolation is on but unavailable: ${why}. So ${OFF_RISK}.`);
  return undefined;
}
