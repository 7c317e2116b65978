/**
 * Whether terraform runs as a separate, unprivileged OS user (docs/security.md, "Tenant code").
 * Module code (local-exec, external data sources) runs as whatever user terraform runs as: as the
 * action's own user it can read the action's /proc/<pid>/environ (the runner's OIDC request
 * token), write the runner's file-command files and read the action's temporary files.
 *
 * `isolation` input: `off` (the default: warn once, naming the risk), `on` (isolate where possible,
 * else warn), `required` (refuse to run terraform unless isolated; Grape's runner workflow sets
 * it). A dispatcher spec with `requireIsolation: true` makes it `required` whatever the input says.
 * Off by default because an isolated engine works on its own copy of the module: a module that
 * keeps local state in the workspace would lose it.
 *
 * `engine-user` input: empty (a uid/gid of its own for every run, from ENGINE_ID_RANGE), a range
 * `first-last` (the same, from that range), or one fixed user, `name` or `uid:gid`, which every
 * run on the machine then shares.
 */
import type { InputReader } from '../inputs/input-reader.js';

export const ISOLATION_MODES = ['off', 'on', 'required'] as const;
export type IsolationMode = (typeof ISOLATION_MODES)[number];

/**
 * Where per-run ids come from by default: 0x70000000–0x7000FFFF. Above what systemd hands out
 * (regular users up to 60000, dynamic users 61184–65519, containers 524288–1879048191: systemd's
 * docs/UIDS-GIDS.md) and the subordinate ids useradd assigns (/etc/subuid, 100000–600100000).
 */
export const ENGINE_ID_RANGE = { first: 1_879_048_192, last: 1_879_113_727 } as const;

/** The highest uid/gid a range may reach (kernel ids are 32-bit; Node's spawn takes int32). */
const MAX_ID = 2_147_483_646;

export type EngineUserChoice =
  /** A fresh uid/gid for each run, unused on the machine, from `first`..`last` (no account). */
  | { readonly kind: 'per-run'; readonly first: number; readonly last: number }
  /** One user for every run: an account name (looked up in /etc/passwd) or `uid:gid`. */
  | { readonly kind: 'fixed'; readonly user: string };

export interface IsolationConfig {
  readonly mode: IsolationMode;
  readonly engineUser: EngineUserChoice;
  /** The spec asked for isolation (the refusal says so). */
  readonly requiredBySpec: boolean;
}

const USER = /^(?:[a-z_][a-z0-9_-]{0,31}|\d{1,10}:\d{1,10})$/;
const RANGE = /^(\d{1,10})-(\d{1,10})$/;

export function readIsolationConfig(
  inputs: InputReader,
  spec: { readonly requireIsolation?: boolean } | undefined,
): IsolationConfig {
  const requiredBySpec = spec?.requireIsolation === true;
  const given = inputs.oneOf('isolation', ISOLATION_MODES, 'off');
  const mode = requiredBySpec ? 'required' : given;
  const value = inputs.string('engine-user');
  if (value === undefined)
    return { mode, engineUser: { kind: 'per-run', ...ENGINE_ID_RANGE }, requiredBySpec };
  const range = RANGE.exec(value);
  if (range) {
    const first = Number(range[1]);
    const last = Number(range[2]);
    if (first < 1 || first > last || last > MAX_ID)
      inputs.fail(
        'engine-user',
        value,
        `not a range of unprivileged ids (first from 1, last up to ${MAX_ID}, first <= last)`,
        `Give 'first-last', e.g. '${ENGINE_ID_RANGE.first}-${ENGINE_ID_RANGE.last}', or leave it empty for that default.`,
      );
    return { mode, engineUser: { kind: 'per-run', first, last }, requiredBySpec };
  }
  if (!USER.test(value) || value.startsWith('0:'))
    inputs.fail(
      'engine-user',
      value,
      'not an unprivileged user name, uid:gid or range of ids',
      `Leave it empty (a uid of its own for each run), or name an account without privileges, e.g. 'grape-engine', or give 'uid:gid', e.g. '64010:64010'.`,
    );
  return { mode, engineUser: { kind: 'fixed', user: value }, requiredBySpec };
}
