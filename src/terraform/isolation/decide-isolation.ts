/**
 * Settles, before terraform starts, whether and how it runs isolated: as root, through Node's
 * uid/gid spawn options; as an ordinary user with passwordless sudo (GitHub-hosted runners),
 * through `sudo -n` (sudo-command.ts), creating the default account if it is missing; otherwise
 * not at all — refused when isolation is required, else one warning that names the risk.
 */
import { GrapeError } from '../../errors.js';
import type { ActionsIO } from '../../runner/actions-io.js';
import { enginePrivilege, type EnginePrivilege } from './engine-privilege.js';
import { DEFAULT_ENGINE_USER, type IsolationConfig } from '../../config/isolation-config.js';
import { resolveEngineUser } from './resolve-engine-user.js';

export interface IsolationHost {
  /** The action's uid (process.getuid), undefined on Windows. */
  readonly uid: number | undefined;
  /** The text of /etc/passwd, if readable. */
  readPasswd(): Promise<string | undefined>;
  /** Whether `sudo -n true` succeeds (passwordless sudo). */
  canSudo(): Promise<boolean>;
  /** Runs `sudo -n useradd …` for the default account. */
  createAccount(name: string): Promise<void>;
}

export const OFF_RISK =
  "terraform and the module's code (local-exec provisioners, external data sources) run as this action's OS user: they can read the runner's tokens from /proc/<pid>/environ (and mint OIDC tokens for this job with them), write GITHUB_ENV, GITHUB_OUTPUT and GITHUB_STATE, and read this run's temporary files. Deploy only modules you trust, or set `isolation: on` on a runner where the action is root or has passwordless sudo (docs/security.md)";

export async function decideIsolation(
  config: IsolationConfig,
  host: IsolationHost,
  spawn: EnginePrivilege['spawn'],
  io: Pick<ActionsIO, 'warning' | 'info'>,
): Promise<EnginePrivilege | undefined> {
  if (config.mode === 'off') {
    io.warning(`Tenant isolation is off: ${OFF_RISK}.`);
    return undefined;
  }
  if (host.uid === 0) {
    const user = resolveEngineUser(config.engineUser, await host.readPasswd());
    io.info(`Tenant isolation: terraform runs as uid ${user.uid}, gid ${user.gid} (${user.name}).`);
    return enginePrivilege('root', user, spawn);
  }
  if (host.uid !== undefined && (await host.canSudo())) {
    let passwd = await host.readPasswd();
    const numeric = /^\d+:\d+$/.test(config.engineUser);
    if (numeric)
      throw new GrapeError(
        `Input 'engine-user': '${config.engineUser}' is a uid:gid, but this action is not root and isolates through sudo, which needs an account name. Give a name, e.g. '${DEFAULT_ENGINE_USER}'.`,
      );
    const listed = (passwd ?? '').split('\n').some((l) => l.startsWith(`${config.engineUser}:`));
    if (!listed && config.engineUser === DEFAULT_ENGINE_USER) {
      await host.createAccount(DEFAULT_ENGINE_USER);
      passwd = await host.readPasswd();
    }
    const user = resolveEngineUser(config.engineUser, passwd);
    io.info(
      `Tenant isolation: terraform runs through sudo as ${user.name} (uid ${user.uid}, gid ${user.gid}).`,
    );
    return enginePrivilege('sudo', user, spawn);
  }
  const why =
    host.uid === undefined
      ? 'this platform has no uids (Windows)'
      : `the action runs as uid ${host.uid}, not as root, and has no passwordless sudo, so it cannot start terraform as another user`;
  if (config.mode === 'required')
    throw new GrapeError(
      `Tenant isolation is required${config.requiredBySpec ? ' by the deployment spec' : " (input 'isolation: required')"}, but ${why}. Run this job where the action is root or has passwordless sudo (GitHub-hosted runners have it; see docs/security.md, "Self-hosted runners"); the module was not run.`,
    );
  io.warning(`Tenant isolation is on but unavailable: ${why}. So ${OFF_RISK}.`);
  return undefined;
}
