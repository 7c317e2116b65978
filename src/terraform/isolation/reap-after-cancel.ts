/**
 * What a module left running when the runner killed the main step. After each engine command the
 * main step kills every process of the engine's uid (engine-privilege.ts `reap`); a main step the
 * runner killed mid-command (actions/runner ProcessInvoker.cs: SIGINT, SIGTERM, then the kill)
 * never gets there, and terraform, stopping on its own, does not kill its provisioners' children
 * (a local-exec `sleep` outlived it in test/terraform/cancel-killed-sudo.e2e.test.ts). So the main
 * step saves who the engine runs as, and the post step — once the engine has stopped — runs the
 * same kill as that uid.
 */
import type { ActionsIO } from '../../runner/actions-io.js';
import type { Spawn } from '../../process/spawn-process.js';
import { enginePrivilege, type EnginePrivilege, type PrivilegeKind } from './engine-privilege.js';

/** Saved state: `{"kind":"root"|"sudo","uid":n,"gid":n}` of an isolated run. */
export const ENGINE_USER_STATE = 'grape-engine-user';

export function saveEngineUser(io: Pick<ActionsIO, 'saveState'>, privilege: EnginePrivilege): void {
  const { kind, user } = privilege;
  io.saveState(ENGINE_USER_STATE, JSON.stringify({ kind, uid: user.uid, gid: user.gid }));
}

/**
 * Kills what is left of the saved engine uid. Saved state is written by the action only (an
 * isolated module cannot write GITHUB_STATE), but a kill as root or as the action's own uid would
 * stop everything, so those are refused whatever the state says.
 */
export async function reapAfterCancel(
  io: Pick<ActionsIO, 'getState' | 'info'>,
  spawn: Spawn,
  actionUid: number | undefined = process.getuid?.(),
): Promise<void> {
  const saved = io.getState(ENGINE_USER_STATE);
  if (saved === '') return;
  const { kind, uid, gid } = JSON.parse(saved) as { kind: PrivilegeKind; uid: number; gid: number };
  const valid = (id: unknown) => Number.isInteger(id) && (id as number) > 0;
  if (!valid(uid) || !valid(gid) || uid === actionUid || (kind !== 'root' && kind !== 'sudo'))
    return;
  await enginePrivilege(kind, { name: `${uid}:${gid}`, uid, gid }, spawn).reap();
  io.info(`Stopped what the module left running as uid ${uid}, if anything.`);
}
