/**
 * The environment git runs in for facts. The token travels only as an `http.<remote>.extraHeader`
 * given through GIT_CONFIG_COUNT/KEY/VALUE: never in argv (visible to every process), never in
 * the remote URL (written to .git/config and echoed in errors), and only to that remote.
 */

/** A git remote as git is given it (the URL never carries a credential). */
export interface GitRemote {
  readonly url: string;
  readonly transport: 'http' | 'file' | 'ssh';
  /** User name sent with the token in the Basic auth header (http only). */
  readonly username: string;
}

/** GitHub's own convention for token auth over git's smart HTTP; GitLab and Gitea accept it too. */
export const DEFAULT_GIT_USERNAME = 'x-access-token';

export function gitEnv(
  base: NodeJS.ProcessEnv,
  destination: GitRemote,
  token: string | undefined,
): NodeJS.ProcessEnv {
  const config: Array<[string, string]> = [
    // No credential helper may prompt for, or store, anything.
    ['credential.helper', ''],
    ['commit.gpgsign', 'false'],
    ['core.hooksPath', '/dev/null'],
  ];
  if (destination.transport === 'http' && token !== undefined) {
    const basic = Buffer.from(`${destination.username}:${token}`).toString('base64');
    config.push([`http.${destination.url}.extraHeader`, `Authorization: Basic ${basic}`]);
  }
  const env: NodeJS.ProcessEnv = {
    ...base,
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    LC_ALL: 'C',
  };
  // Keep any configuration the job already passes this way, and add ours after it.
  const existing = Number.parseInt(base['GIT_CONFIG_COUNT'] ?? '0', 10) || 0;
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${existing + i}`] = key;
    env[`GIT_CONFIG_VALUE_${existing + i}`] = value;
  });
  env['GIT_CONFIG_COUNT'] = String(existing + config.length);
  return env;
}
