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
 */
import type { InputReader } from '../inputs/input-reader.js';

export const ISOLATION_MODES = ['off', 'on', 'required'] as const;
export type IsolationMode = (typeof ISOLATION_MODES)[number];

/** The account terraform runs as when `engine-user` is not given (created by the operator). */
export const DEFAULT_ENGINE_USER = 'grape-engine';

export interface IsolationConfig {
  readonly mode: IsolationMode;
  /** `name` (looked up in /etc/passwd) or `uid:gid`. */
  readonly engineUser: string;
  /** The spec asked for isolation (the refusal says so). */
  readonly requiredBySpec: boolean;
}

const USER = /^(?:[a-z_][a-z0-9_-]{0,31}|\d{1,10}:\d{1,10})$/;

export function readIsolationConfig(
  inputs: InputReader,
  spec: { readonly requireIsolation?: boolean } | undefined,
): IsolationConfig {
  const requiredBySpec = spec?.requireIsolation === true;
  const given = inputs.oneOf('isolation', ISOLATION_MODES, 'off');
  const engineUser = inputs.string('engine-user') ?? DEFAULT_ENGINE_USER;
  if (!USER.test(engineUser) || engineUser === '0:0' || engineUser.startsWith('0:'))
    inputs.fail(
      'engine-user',
      engineUser,
      'not an unprivileged user name or uid:gid',
      "Name an account without privileges, e.g. 'grape-engine', or give 'uid:gid', e.g. '64010:64010'.",
    );
  return { mode: requiredBySpec ? 'required' : given, engineUser, requiredBySpec };
}
