/**
 * Settles, before terraform starts, whether it runs isolated: as root, as the engine user (uid/gid
 * spawn options); otherwise not at all — refused when isolation is required, else one warning
 * that names the risk. (Not root but with passwordless sudo, as on GitHub-hosted runners: see
 * docs/security.md, "GitHub-hosted runners" — the action then needs `sudo` for every chown and
 * spawn and does not do that yet; the runner workflow runs it as root instead.)
 */
import { GrapeError } from '../../errors.js';
import type { ActionsIO } from '../../runner/actions-io.js';
import type { IsolationConfig } from './isolation-config.js';
import { resolveEngineUser, type EngineUser } from './resolve-engine-user.js';

export interface IsolationHost {
  /** The action's uid (process.getuid), undefined on Windows. */
  readonly uid: number | undefined;
  /** The text of /etc/passwd, if readable. */
  readonly passwd: string | undefined;
}

export const OFF_RISK =
  "terraform and the module's code (local-exec provisioners, external data sources) run as this action's OS user: they can read the runner's tokens from /proc/<pid>/environ (and mint OIDC tokens for this job with them), write GITHUB_ENV, GITHUB_OUTPUT and GITHUB_STATE, and read this run's temporary files. Deploy only modules you trust, or run the action as root with `isolation: on` (docs/security.md)";

export function decideIsolation(
  config: IsolationConfig,
  host: IsolationHost,
  io: Pick<ActionsIO, 'warning' | 'info'>,
): EngineUser | undefined {
  if (config.mode === 'off') {
    io.warning(`Tenant isolation is off: ${OFF_RISK}.`);
    return undefined;
  }
  if (host.uid === 0) {
    const user = resolveEngineUser(config.engineUser, host.passwd);
    io.info(`Tenant isolation: terraform runs as uid ${user.uid}, gid ${user.gid} (${user.name}).`);
    return user;
  }
  const why =
    host.uid === undefined
      ? 'this platform has no uids (Windows)'
      : `the action runs as uid ${host.uid}, not as root, so it cannot start terraform as another user`;
  if (config.mode === 'required')
    throw new GrapeError(
      `Tenant isolation is required${config.requiredBySpec ? ' by the deployment spec' : " (input 'isolation: required')"}, but ${why}. Run this job on a runner whose action runs as root (a container job with 'options: --user 0', or a runner service running as root), see docs/security.md; the module was not run.`,
    );
  io.warning(`Tenant isolation is on but unavailable: ${why}. So ${OFF_RISK}.`);
  return undefined;
}
