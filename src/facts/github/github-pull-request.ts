/**
 * `facts-mode: pull-request`: the facts are proposed, not pushed. One Grape-owned branch per
 * project/environment (`grape/facts/<project>/<environment>`) holds the base branch's head plus one
 * facts commit, rebuilt on every change (so the pull request is always mergeable), and one open
 * pull request from it, opened or found again, never duplicated.
 */
import { explainGitHubError } from './explain-github-error.js';
import type { FactsChange } from '../document/facts-change.js';
import type { GitIdentity } from '../../config/facts/facts-config.js';
import type { GitHubClient } from './github-client.js';
import { requireHead, resolveBranch, type GitHubCommitDeps } from './github-committer.js';
import {
  branchHead,
  createBranch,
  createFactsCommit,
  moveBranch,
  readFactsFile,
  type RepoRef,
} from './github-git.js';
import { DEFAULT_COMMIT_RETRY, retryOnConflict } from '../retry-on-conflict.js';

export interface FactsProposal {
  readonly changed: boolean;
  /** The facts commit on the proposal branch, or the base head when the base already has them. */
  readonly sha: string;
  readonly branch: string;
  readonly pullRequestUrl: string | undefined;
  readonly attempts: number;
}

export const proposalBranch = (project: string, environment: string): string =>
  `grape/facts/${project}/${environment}`;

export async function proposeFactsOnGitHub(
  repo: RepoRef,
  configuredBase: string | undefined,
  change: FactsChange,
  names: { readonly project: string; readonly environment: string },
  author: GitIdentity | undefined,
  deps: GitHubCommitDeps,
): Promise<FactsProposal> {
  const { client } = deps;
  const base = await resolveBranch(client, repo, configuredBase);
  const branch = proposalBranch(names.project, names.environment);
  const target = { ...repo, branch };
  const { result, attempts } = await retryOnConflict(
    `propose the facts on ${repo.owner}/${repo.repo}@${branch}`,
    async () => {
      const baseHead = await requireHead(client, { ...repo, branch: base });
      try {
        const judged = change.judgeHead(baseHead.message);
        const onBase =
          judged === 'same' ||
          (judged === 'unknown' &&
            (await change.unchangedIn((file) => readFactsFile(client, repo, baseHead, file))));
        if (onBase) return { changed: false, sha: baseHead.sha, propose: false };
        const proposed = await branchHead(client, repo, branch);
        if (proposed && change.judgeHead(proposed.message) === 'same')
          return { changed: false, sha: proposed.sha, propose: true };
        const commit = await createFactsCommit(client, repo, baseHead, change, author);
        // The branch is Grape's own: it is reset to base + this one commit.
        if (proposed) await moveBranch(client, repo, branch, commit.sha, true);
        else await createBranch(client, repo, branch, commit.sha);
        return { changed: true, sha: commit.sha, propose: true };
      } catch (error) {
        return explainGitHubError(error, target, `push the facts to branch '${branch}'`);
      }
    },
    deps.policy ?? DEFAULT_COMMIT_RETRY,
    deps,
  );
  const pullRequestUrl = result.propose
    ? await ensurePullRequest(client, repo, { head: branch, base }, change, names)
    : undefined;
  return { changed: result.changed, sha: result.sha, branch, pullRequestUrl, attempts };
}

async function ensurePullRequest(
  client: GitHubClient,
  repo: RepoRef,
  refs: { readonly head: string; readonly base: string },
  change: FactsChange,
  names: { readonly project: string; readonly environment: string },
): Promise<string> {
  const target = { ...repo, branch: refs.head };
  const find = async (): Promise<string | undefined> => {
    const { data } = await client.rest.pulls.list({
      ...repo,
      head: `${repo.owner}:${refs.head}`,
      base: refs.base,
      state: 'open',
      per_page: 1,
    });
    return data[0]?.html_url;
  };
  try {
    const open = await find();
    if (open) return open;
    const { data } = await client.rest.pulls.create({
      ...repo,
      head: refs.head,
      base: refs.base,
      title: `facts(${names.project}/${names.environment}): update infra facts`,
      body:
        `Grape proposes new infra facts for **${names.project}/${names.environment}** in \`${change.path}\`.\n\n` +
        'Merging hands them to ArgoCD. Later applies update this pull request; each commit carries `Grape-Deployment`, `Grape-Run` and `Grape-Source` trailers.',
      maintainer_can_modify: false,
    });
    return data.html_url;
  } catch (error) {
    // Another run opened it between our list and create.
    const again = await find().catch(() => undefined);
    if (again) return again;
    return explainGitHubError(error, target, 'open the facts pull request');
  }
}
