/**
 * The uid/gid terraform runs as: `uid:gid` as given, or an account looked up in /etc/passwd. The
 * default account (`grape-engine`) may not exist on a root runner that nobody prepared: then a
 * fixed uid/gid without an account is used — Node's spawn needs no account, and nothing else on
 * the machine runs as that uid, so nothing else can be read or signalled through it.
 */
import { GrapeError } from '../../errors.js';
import { DEFAULT_ENGINE_USER } from '../../config/isolation-config.js';

export interface EngineUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** The uid/gid used when the default account does not exist (no account; see docs/security.md). */
export const FALLBACK_ENGINE_ID = 64040;

/** Finds `user` in the text of /etc/passwd (`name:x:uid:gid:…`). */
export function resolveEngineUser(user: string, passwd: string | undefined): EngineUser {
  const numeric = /^(\d+):(\d+)$/.exec(user);
  if (numeric) return { name: user, uid: Number(numeric[1]), gid: Number(numeric[2]) };
  for (const line of (passwd ?? '').split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user && uid !== undefined && gid !== undefined)
      return check({ name: user, uid: Number(uid), gid: Number(gid) });
  }
  if (user === DEFAULT_ENGINE_USER)
    return {
      name: `${FALLBACK_ENGINE_ID}:${FALLBACK_ENGINE_ID}`,
      uid: FALLBACK_ENGINE_ID,
      gid: FALLBACK_ENGINE_ID,
    };
  throw new GrapeError(
    `Input 'engine-user': no account '${user}' on this machine. Create it (e.g. 'useradd --system --no-create-home --shell /usr/sbin/nologin ${user}') or give 'uid:gid', e.g. '${FALLBACK_ENGINE_ID}:${FALLBACK_ENGINE_ID}'.`,
  );
}

function check(user: EngineUser): EngineUser {
  if (
    !Number.isInteger(user.uid) ||
    !Number.isInteger(user.gid) ||
    user.uid === 0 ||
    user.gid === 0
  )
    throw new GrapeError(
      `Input 'engine-user': '${user.name}' is root or has root's group (uid ${user.uid}, gid ${user.gid}): terraform must run without privileges. Name an unprivileged account, e.g. 'grape-engine'.`,
    );
  return user;
}
