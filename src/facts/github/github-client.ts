/**
 * The one place that builds the Octokit client for facts. GITHUB_API_URL decides where it talks:
 * api.github.com, a GHES server (`https://ghes.example.com/api/v3`), or a loopback stand-in.
 */
import { getOctokit } from '@actions/github';

export type GitHubClient = ReturnType<typeof getOctokit>;

export function createGitHubClient(token: string, env: NodeJS.ProcessEnv): GitHubClient {
  const baseUrl = env['GITHUB_API_URL']?.trim() || 'https://api.github.com';
  return getOctokit(token, { baseUrl, userAgent: 'grape-facts' });
}
