/**
 * Reads git's complaints: a push that lost a race (retry), or a refusal to explain. Git's own
 * words are quoted (they name the server's rule), with any secret blanked out.
 */
import { GrapeError } from '../errors.js';

const RACE =
  /\[rejected\]|\(fetch first\)|non-fast-forward|cannot lock ref|failed to update ref|incorrect old value|stale info|failed to lock/i;
const PROTECTED =
  /protected branch|GH006|pre-receive hook declined|push declined|not allowed to push/i;
const AUTH =
  /authentication failed|could not read (username|password)|HTTP (401|403)|\b(401|403)\b|permission denied|access denied|not authorized|terminal prompts disabled/i;
const NO_BRANCH = /Remote branch .* not found|couldn't find remote ref/i;
const NO_REPO =
  /repository .* not found|does not appear to be a git repository|not found|HTTP 404|no such file or directory/i;

export const isPushRace = (output: string): boolean => RACE.test(output) && !PROTECTED.test(output);

/** The last few meaningful lines of git's output, secrets removed. */
function quoteGit(output: string, secrets: readonly string[]): string {
  let text = output;
  for (const secret of secrets) text = text.split(secret).join('***');
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^remote:\s*/, '').trim())
    .filter((l) => l !== '' && !/^(To |Done|hint:)/.test(l));
  return lines.slice(-4).join(' / ');
}

export function explainGitFailure(
  step: string,
  url: string,
  branch: string | undefined,
  output: string,
  secrets: readonly string[],
): GrapeError {
  const said = quoteGit(output, secrets);
  const where = branch ? `branch '${branch}' of ${url}` : url;
  if (PROTECTED.test(output))
    return new GrapeError(
      `Could not push the facts to ${where}: the branch is protected (git said: ${said}). Set 'facts-branch' to a branch the token may push to, or use 'facts-repository' with \`facts-mode: pull-request\` for a GitHub repository.`,
    );
  if (AUTH.test(output))
    return new GrapeError(
      `Could not ${step} ${url}: the remote refused the credentials (git said: ${said}). Check that 'facts-token' holds a token with write access to the repository, and the user name in 'facts-git-url' if the host needs one (e.g. https://oauth2@gitlab.com/… or https://x-token-auth@bitbucket.org/…).`,
    );
  if (NO_BRANCH.test(output))
    return new GrapeError(
      `Could not ${step} ${url}: branch '${branch ?? '(default)'}' does not exist there (git said: ${said}). Create it, or set 'facts-branch' to an existing branch.`,
    );
  if (NO_REPO.test(output))
    return new GrapeError(
      `Could not ${step} ${url}: no git repository there (git said: ${said}). Check 'facts-git-url'.`,
    );
  return new GrapeError(`Could not ${step} the facts repository ${url}: git said: ${said}`);
}
