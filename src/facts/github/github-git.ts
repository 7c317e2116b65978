/**
 * The Git Data and Contents API calls the GitHub committers are made of, each one request (or, for
 * the rare path check, a few). Failures are explained by the caller, who knows what it was doing.
 */
import { GrapeError } from '../../errors.js';
import { githubMessage, githubStatus } from './explain-github-error.js';
import type { GitIdentity } from '../../config/facts/facts-config.js';
import { parentsOf } from '../../config/facts/facts-path.js';
import type { GitHubClient } from './github-client.js';

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface BranchHead {
  readonly sha: string;
  readonly treeSha: string;
  readonly message: string;
}

const SYMLINK_MODE = '120000';

export async function defaultBranchOf(client: GitHubClient, repo: RepoRef): Promise<string> {
  const { data } = await client.rest.repos.get({ ...repo });
  return data.default_branch;
}

/** The branch's head commit, or undefined when the branch does not exist. */
export async function branchHead(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<BranchHead | undefined> {
  try {
    const { data } = await client.rest.repos.getBranch({ ...repo, branch });
    return {
      sha: data.commit.sha,
      treeSha: data.commit.commit.tree.sha,
      message: data.commit.commit.message,
    };
  } catch (error) {
    if (githubStatus(error) === 404 && /branch not found/i.test(githubMessage(error)))
      return undefined;
    throw error;
  }
}

const unsafe = (path: string, why: string): GrapeError =>
  new GrapeError(
    `Refusing to write the facts to '${path}': ${why}. Choose another 'facts-path', or replace the symlink with a plain folder/file in the GitOps repository.`,
  );

/**
 * The facts file's text at `commitSha`, or undefined when it does not exist yet. Refuses a path
 * that is, or goes through, a symlink (tree mode 120000), a folder or a submodule.
 */
export async function readFactsFile(
  client: GitHubClient,
  repo: RepoRef,
  head: BranchHead,
  path: string,
): Promise<string | undefined> {
  let data: unknown;
  try {
    ({ data } = await client.rest.repos.getContent({ ...repo, path, ref: head.sha }));
  } catch (error) {
    if (githubStatus(error) !== 404) throw error;
    await assertParentsAreFolders(client, repo, head.treeSha, path);
    return undefined;
  }
  if (Array.isArray(data)) throw unsafe(path, 'it is a folder in the repository');
  const item = data as {
    type: string;
    path: string;
    content?: string;
    encoding?: string;
    sha: string;
  };
  if (item.type === 'symlink') throw unsafe(path, 'it is a symlink in the repository');
  if (item.type !== 'file') throw unsafe(path, `it is a ${item.type} in the repository`);
  // The Contents API answers a symlink to a file with that file's content, under its own path.
  if (item.path !== path) throw unsafe(path, `it is a symlink to '${item.path}'`);
  if (item.encoding === 'base64' && item.content !== undefined)
    return Buffer.from(item.content, 'base64').toString('utf8');
  // Files over 1 MB come without content: read the blob.
  const blob = await client.rest.git.getBlob({ ...repo, file_sha: item.sha });
  return Buffer.from(blob.data.content, 'base64').toString('utf8');
}

/** When the file is absent: each folder on its path must be a folder, not a symlink or a file. */
async function assertParentsAreFolders(
  client: GitHubClient,
  repo: RepoRef,
  treeSha: string,
  path: string,
): Promise<void> {
  const parents = parentsOf(path);
  if (parents.length === 0) return;
  const { data } = await client.rest.git.getTree({ ...repo, tree_sha: treeSha, recursive: 'true' });
  let modes = new Map(data.tree.map((e) => [e.path ?? '', e.mode ?? '']));
  if (data.truncated) modes = await modesAlong(client, repo, treeSha, parents);
  for (const parent of parents) {
    const mode = modes.get(parent);
    if (mode === undefined) return; // the rest of the path is new
    if (mode === SYMLINK_MODE) throw unsafe(path, `'${parent}' is a symlink in the repository`);
    if (mode !== '040000') throw unsafe(path, `'${parent}' is a file in the repository`);
  }
}

/** For trees too large for one recursive listing: one listing per folder along the path. */
async function modesAlong(
  client: GitHubClient,
  repo: RepoRef,
  rootSha: string,
  parents: string[],
): Promise<Map<string, string>> {
  const modes = new Map<string, string>();
  let sha = rootSha;
  for (const parent of parents) {
    const name = parent.split('/').at(-1);
    const { data } = await client.rest.git.getTree({ ...repo, tree_sha: sha });
    const entry = data.tree.find((e) => e.path === name);
    if (!entry?.mode || !entry.sha) break;
    modes.set(parent, entry.mode);
    if (entry.mode !== '040000') break;
    sha = entry.sha;
  }
  return modes;
}

/** One commit on top of `head` writing `content` to `path` (and the companions); other files come from head's tree. */
export async function createFactsCommit(
  client: GitHubClient,
  repo: RepoRef,
  head: BranchHead,
  file: {
    readonly path: string;
    readonly content: string;
    readonly message: string;
    readonly companions?: readonly { readonly path: string; readonly content: string }[];
  },
  author: GitIdentity | undefined,
): Promise<{ readonly sha: string; readonly treeSha: string }> {
  // `content` in the tree entry saves the create-blob call; companions land in the same tree.
  const files = [file, ...(file.companions ?? [])];
  const tree = await client.rest.git.createTree({
    ...repo,
    base_tree: head.treeSha,
    tree: files.map((f) => ({
      path: f.path,
      mode: '100644' as const,
      type: 'blob' as const,
      content: f.content,
    })),
  });
  const commit = await client.rest.git.createCommit({
    ...repo,
    message: file.message,
    tree: tree.data.sha,
    parents: [head.sha],
    // Without an author GitHub uses the token's identity and signs the commit (Verified).
    ...(author ? { author: { ...author }, committer: { ...author } } : {}),
  });
  return { sha: commit.data.sha, treeSha: tree.data.sha };
}

export async function moveBranch(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  sha: string,
  force: boolean,
): Promise<void> {
  await client.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force });
}

export async function createBranch(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  sha: string,
): Promise<void> {
  await client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
}
