/**
 * The uid/gid of a fixed `engine-user`: `uid:gid` as given, or an account looked up in
 * /etc/passwd. (Without `engine-user`, each run gets an id of its own: pick-engine-id.ts.)
 */
import { GrapeError } from '../../errors.js';

export interface EngineUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** Finds `user` in the text of /etc/passwd (`name:x:uid:gid:…`). */
export function resolveEngineUser(user: string, passwd: string | undefined): EngineUser {
  const numeric = /^(\d+):(\d+)$/.exec(user);
  if (numeric) return check({ name: user, uid: Number(numeric[1]), gid: Number(numeric[2]) });
  for (const line of (passwd ?? '').split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user && uid !== undefined && gid !== undefined)
      return check({ name: user, uid: Number(uid), gid: Number(gid) });
  }
  throw new GrapeError(
    `Input 'engine-user': no account '${user}' on this machine. Create it (e.g. 'useradd --system --no-create-home --shell /usr/sbin/nologin ${user}'), give 'uid:gid', e.g. '64040:64040', or leave 'engine-user' empty for a uid of its own for each run.`,
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
      `Input 'engine-user': '${user.name}' is root or has root's group (uid ${user.uid}, gid ${user.gid}): terraform must run without privileges. Leave 'engine-user' empty (a uid of its own for each run) or name an unprivileged account, e.g. 'grape-engine'.`,
    );
  return user;
}
