/**
 * The GitHub executor's settings: the GitHub App (id, private key, webhook secret, installation),
 * the runner repository and its workflow. All are required with GRAPE_EXECUTOR=github.
 */
import type { SettingsReader } from './settings-reader.js';

export interface GitHubSettings {
  readonly apiUrl: string;
  readonly appId: number;
  readonly privateKey: string;
  /** Found through GET /repos/{owner}/{repo}/installation when absent. */
  readonly installationId: number | undefined;
  readonly webhookSecret: string;
  readonly owner: string;
  readonly repo: string;
  readonly workflow: string;
  readonly ref: string;
}

/** The GitHub executor's settings; undefined (with the problems recorded) when incomplete. */
export function readGitHubSettings(settings: SettingsReader): GitHubSettings | undefined {
  const { get, bad, url } = settings;
  const missing = (name: string, hint: string): undefined =>
    bad(name, undefined, 'is required with GRAPE_EXECUTOR=github', hint);
  const appIdValue = get('GITHUB_APP_ID');
  if (appIdValue === undefined)
    missing(
      'GITHUB_APP_ID',
      "Set the GitHub App's numeric id (App settings → About), e.g. '123456'.",
    );
  else if (!/^\d{1,12}$/.test(appIdValue))
    bad(
      'GITHUB_APP_ID',
      appIdValue,
      'not a number',
      "Use the App's numeric id, e.g. '123456' (not its client id or name).",
    );
  const privateKey = get('GITHUB_APP_PRIVATE_KEY')?.replace(/\\n/g, '\n');
  if (privateKey === undefined)
    missing(
      'GITHUB_APP_PRIVATE_KEY',
      "Set the App's private key (the .pem GitHub generated; literal '\\n' line breaks are accepted).",
    );
  else if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey))
    bad(
      'GITHUB_APP_PRIVATE_KEY',
      undefined,
      'not a PEM private key',
      "Paste the whole .pem file, from '-----BEGIN RSA PRIVATE KEY-----' to its END line.",
    );
  const webhookSecret = get('GITHUB_WEBHOOK_SECRET');
  if (webhookSecret === undefined)
    missing(
      'GITHUB_WEBHOOK_SECRET',
      "Set the App's webhook secret (at least 16 random characters, e.g. from `openssl rand -hex 32`).",
    );
  else if (webhookSecret.length < 16)
    bad(
      'GITHUB_WEBHOOK_SECRET',
      undefined,
      'shorter than 16 characters',
      'Use a long random value, e.g. from `openssl rand -hex 32`.',
    );
  const repoValue = get('GRAPE_RUNNER_REPO');
  const repoMatch =
    repoValue === undefined ? null : /^([A-Za-z0-9-]+)\/([A-Za-z0-9_.-]+)$/.exec(repoValue);
  if (repoValue === undefined)
    missing('GRAPE_RUNNER_REPO', "Set the controlled runner repository, e.g. 'acme/grape-runner'.");
  else if (!repoMatch)
    bad('GRAPE_RUNNER_REPO', repoValue, 'not owner/name', "Use e.g. 'acme/grape-runner'.");
  const workflow = get('GRAPE_RUNNER_WORKFLOW') ?? 'grape-runner.yml';
  if (!/^([\w.-]+\.ya?ml|\d+)$/.test(workflow))
    bad(
      'GRAPE_RUNNER_WORKFLOW',
      workflow,
      'not a workflow file name or id',
      "Use the file name under .github/workflows, e.g. 'grape-runner.yml'.",
    );
  const installation = get('GITHUB_APP_INSTALLATION_ID');
  if (installation !== undefined && !/^\d{1,15}$/.test(installation))
    bad(
      'GITHUB_APP_INSTALLATION_ID',
      installation,
      'not a number',
      "Use the installation's numeric id, or leave it unset to look it up from GRAPE_RUNNER_REPO.",
    );
  const apiUrl = url('GITHUB_API_URL', 'https://api.github.com');
  if (!appIdValue || !privateKey || !webhookSecret || !repoMatch || !apiUrl) return undefined;
  return {
    apiUrl,
    appId: Number(appIdValue),
    privateKey,
    installationId: installation === undefined ? undefined : Number(installation),
    webhookSecret,
    owner: repoMatch[1]!,
    repo: repoMatch[2]!,
    workflow,
    ref: get('GRAPE_RUNNER_REF') ?? 'main',
  };
}
