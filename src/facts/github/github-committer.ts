/**
 * `facts-mode: commit` through GitHub's API: one atomic commit on top of the branch head, the ref
 * moved only if that is still a fast-forward (update-ref with force: false), retried from the new
 * head when another writer got there first.
 *
 * Calls per attempt: get-branch (head sha, tree sha and head message in one), then the file read
 * only when the head commit does not already tell whether our facts changed, then create-tree
 * (with the content inline: no create-blob), create-commit and update-ref.
 */
import type { FactsChange } from '../document/facts-change.js';
import type { GitIdentity } from '../../config/facts/facts-config.js';
import { explainGitHubError, type GitHubTarget } from './explain-github-error.js';
import type { GitHubClient } from './github-client.js';
import {
  branchHead,
  createFactsCommit,
  defaultBranchOf,
  moveBranch,
  readFactsFile,
  type BranchHead,
  type RepoRef,
} from './github-git.js';
import { GrapeError } from '../../errors.js';
import { DEFAULT_COMMIT_RETRY, retryOnConflict, type RetryDeps } from '../retry-on-conflict.js';
import type { RetryPolicy } from '../../lib/retry.js';

export interface FactsCommit {
  readonly changed: boolean;
  /** The new commit, or (unchanged) the head that already holds these facts. */
  readonly sha: string;
  readonly branch: string;
  readonly attempts: number;
}

export interface GitHubCommitDeps extends RetryDeps {
  readonly client: GitHubClient;
  readonly policy?: RetryPolicy;
}

/** The branch to write, asking GitHub for the default branch when none was configured. */
export async function resolveBranch(
  client: GitHubClient,
  repo: RepoRef,
  branch: string | undefined,
): Promise<string> {
  if (branch !== undefined) return branch;
  try {
    return await defaultBranchOf(client, repo);
  } catch (error) {
    return explainGitHubError(error, { ...repo, branch: '(default)' }, 'read the repository');
  }
}

/** The head of an existing branch, with a clear error when the branch does not exist. */
export async function requireHead(client: GitHubClient, target: GitHubTarget): Promise<BranchHead> {
  let head: BranchHead | undefined;
  try {
    head = await branchHead(client, target, target.branch);
  } catch (error) {
    return explainGitHubError(error, target, `read branch '${target.branch}'`);
  }
  if (!head)
    throw new GrapeError(
      `Could not commit the facts: branch '${target.branch}' does not exist in ${target.owner}/${target.repo}. Create it, or set 'facts-branch' to an existing branch (leave it empty for the default branch).`,
    );
  return head;
}

export async function commitFactsToGitHub(
  repo: RepoRef,
  configuredBranch: string | undefined,
  change: FactsChange,
  author: GitIdentity | undefined,
  deps: GitHubCommitDeps,
): Promise<FactsCommit> {
  const { client } = deps;
  const branch = await resolveBranch(client, repo, configuredBranch);
  const target = { ...repo, branch };
  let fileJudged = false;
  const { result, attempts } = await retryOnConflict(
    `commit the facts to ${repo.owner}/${repo.repo}@${branch}`,
    async () => {
      const head = await requireHead(client, target);
      const judged = change.judgeHead(head.message);
      if (judged === 'same') return { changed: false, sha: head.sha };
      // Once the file was judged changed, a retry only needs the new head: our content wins.
      if (judged === 'unknown' && !fileJudged) {
        let unchanged = false;
        try {
          unchanged = await change.unchangedIn((file) => readFactsFile(client, repo, head, file));
        } catch (error) {
          explainGitHubError(error, target, `read ${change.path}`);
        }
        if (unchanged) return { changed: false, sha: head.sha };
        fileJudged = true;
      }
      try {
        const commit = await createFactsCommit(client, repo, head, change, author);
        await moveBranch(client, repo, branch, commit.sha, false);
        return { changed: true, sha: commit.sha };
      } catch (error) {
        return explainGitHubError(error, target, `commit to branch '${branch}'`);
      }
    },
    deps.policy ?? DEFAULT_COMMIT_RETRY,
    deps,
  );
  return { ...result, branch, attempts };
}
