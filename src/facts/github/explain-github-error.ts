/**
 * Turns GitHub API failures into messages a user can act on, and tells races (retry) from refusals
 * (stop). Never includes the token; GitHub's own message is quoted since it names the rule.
 */
import { GrapeError } from '../../errors.js';
import { ConflictError } from '../retry-on-conflict.js';

interface HttpLikeError {
  status?: number;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

export function githubMessage(error: unknown): string {
  const e = error as HttpLikeError;
  const data = e.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : (e.message ?? String(error));
}

export function githubStatus(error: unknown): number | undefined {
  const status = (error as HttpLikeError | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

const PROTECTED =
  /protected branch|rule violation|must be made through a pull request|required status check|approving review|Cannot update this protected ref/i;

export interface GitHubTarget {
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
}

/** Rethrows `error` as a ConflictError (retry) or an explained GrapeError (stop). */
export function explainGitHubError(error: unknown, target: GitHubTarget, doing: string): never {
  const status = githubStatus(error);
  const said = githubMessage(error).split('\n')[0]!.trim();
  const repo = `${target.owner}/${target.repo}`;
  if (error instanceof GrapeError || error instanceof ConflictError) throw error;
  if (status === undefined)
    throw new ConflictError(`GitHub could not be reached while trying to ${doing} (${said})`);
  if (status >= 500 || status === 429 || (status === 403 && /rate limit/i.test(said)))
    throw new ConflictError(`GitHub answered ${status} (${said}) while trying to ${doing}`);
  if (
    status === 422 &&
    /not a fast.?forward|reference already exists|reference cannot be updated/i.test(said)
  )
    throw new ConflictError(`branch '${target.branch}' of ${repo} moved while committing`);
  if (status === 422 && PROTECTED.test(githubMessage(error)))
    throw new GrapeError(
      `Could not commit the facts to branch '${target.branch}' of ${repo}: the branch is protected (GitHub said: "${said}"). ` +
        "Use `facts-mode: pull-request` to propose the facts as a pull request, or set 'facts-branch' to a branch the token may push to.",
    );
  if (status === 401)
    throw new GrapeError(
      `Could not ${doing}: GitHub refused the facts token (401 ${said}). It is expired, revoked or mistyped; check 'facts-token'.`,
    );
  if (status === 403)
    throw new GrapeError(
      `Could not ${doing}: the facts token may not write to ${repo} (403 ${said}). ` +
        "A workflow's GITHUB_TOKEN can only write to its own repository: give 'facts-token' a GitHub App installation token or a fine-grained token with 'contents: write' on the GitOps repository (and 'pull-requests: write' for facts-mode: pull-request).",
    );
  if (status === 404)
    throw new GrapeError(
      `Could not ${doing}: ${repo} was not found (404). Check 'facts-repository', and that the facts token can see the repository (a private repository answers 404 to tokens without access).`,
    );
  if (status === 409 && /empty/i.test(said))
    throw new GrapeError(
      `Could not ${doing}: ${repo} is empty (GitHub said: "${said}"). Push a first commit (e.g. a README) to its default branch.`,
    );
  throw new GrapeError(`Could not ${doing} in ${repo}: GitHub answered ${status} (${said}).`);
}
