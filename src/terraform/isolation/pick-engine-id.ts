/**
 * A uid/gid of its own for each isolated run. Two runs on one machine that share the engine's uid
 * are not separated: a module in one can read the other's /proc/<pid>/environ (its target
 * credentials), and the `kill -9 -1` after each engine command, run as that uid, kills the other
 * run's terraform. So each run picks an id at random from a range (no account is needed: the
 * kernel and Node's or setpriv's setuid take a bare number), skips any id a process, an account
 * or a group already has, and claims it by creating the directory `grape-engine-<id>` in the
 * shared temp directory (mkdir fails when it exists, so two runs picking at once cannot both win).
 * That directory becomes the engine's sandbox (engine-sandbox.ts), which the post step deletes;
 * a claim left by a run that never reached its post step only retires that id.
 */
import { randomInt } from 'node:crypto';
import { GrapeError } from '../../errors.js';
import type { EngineUser } from './resolve-engine-user.js';

export interface EngineIdHost {
  /** Every uid and gid in use: of live processes (/proc/<pid>/status), accounts and groups. */
  idsInUse(): Promise<ReadonlySet<number>>;
  /** Creates `grape-engine-<id>` (0700) in the shared temp directory: its path, or undefined if it exists. */
  claim(id: number): Promise<string | undefined>;
}

export interface PickedEngineId {
  readonly user: EngineUser;
  /** The claimed directory, the engine's sandbox. */
  readonly claim: string;
}

/** Tries this many ids before giving up (a range nearly full of claims, or a broken temp dir). */
const TRIES = 32;

export async function pickEngineId(
  range: { readonly first: number; readonly last: number },
  host: EngineIdHost,
  random: (min: number, maxExclusive: number) => number = randomInt,
): Promise<PickedEngineId> {
  const used = await host.idsInUse();
  for (let i = 0; i < TRIES; i++) {
    const id = random(range.first, range.last + 1);
    if (used.has(id)) continue;
    const claim = await host.claim(id);
    if (claim === undefined) continue;
    return { user: { name: `${id}:${id}`, uid: id, gid: id }, claim };
  }
  throw new GrapeError(
    `Tenant isolation: found no free uid for this run in ${range.first}-${range.last} after ${TRIES} tries (each id in use by a process, an account or a group, or claimed by a grape-engine-<id> directory in the temp directory). Give 'engine-user' a larger range, e.g. '1879048192-1879113727', or remove stale grape-engine-* directories.`,
  );
}
