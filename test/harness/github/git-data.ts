/**
 * GitHub's Git Data, Contents, Branches and Pulls operations for one repository, backed by a REAL
 * bare git repository on disk and git plumbing (hash-object, update-index on a private index,
 * write-tree, commit-tree, `update-ref <ref> <new> <old>` for an atomic compare-and-swap). What
 * the product commits through the API can be read back with `git log` / `git show`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { githubError, type GitHubApi } from './github-api.js';
import type { StoredPull } from './github-objects.js';
import { contentsHandler } from './contents-handler.js';
import { ZERO, buildTree, gitDataContext } from './git-data-context.js';
import { gitObjectHandlers } from './git-data-handlers.js';
import { pullHandlers } from './pulls-handlers.js';

const run = promisify(execFile);

export interface GitDataRepo {
  readonly owner: string;
  readonly repo: string;
  /** The bare repository. */
  readonly dir: string;
  /** `git` in the bare repository; throws on failure. */
  git(args: string[], input?: string | Buffer, env?: NodeJS.ProcessEnv): Promise<string>;
  /** update-ref answers 422 with GitHub's message for a protected branch. */
  readonly protectedBranches: Map<string, string>;
  /** Tokens that may read but not write (writes answer 403). */
  readonly readOnlyTokens: Set<string>;
  readonly pulls: StoredPull[];
  /** Runs inside update-ref before the compare-and-swap: lets a test make another writer win. */
  beforeUpdateRef: (() => Promise<void>) | undefined;
  /** Commits a file directly (as another writer would), returns the new head. */
  commitFile(branch: string, file: string, content: string, message?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GitDataOptions {
  readonly owner?: string;
  readonly repo?: string;
  readonly defaultBranch?: string;
}

export async function serveGitRepository(
  api: GitHubApi,
  options: GitDataOptions = {},
): Promise<GitDataRepo> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'gitops';
  const defaultBranch = options.defaultBranch ?? 'main';
  const root = await mkdtemp(path.join(tmpdir(), 'grape-github-'));
  const dir = path.join(root, `${repo}.git`);
  const baseEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Stand-in',
    GIT_AUTHOR_EMAIL: 'stand-in@example.com',
    GIT_COMMITTER_NAME: 'Stand-in',
    GIT_COMMITTER_EMAIL: 'stand-in@example.com',
  };
  const git = async (
    args: string[],
    input?: string | Buffer,
    env: NodeJS.ProcessEnv = {},
  ): Promise<string> => {
    const child = run('git', ['--git-dir', dir, ...args], {
      env: { ...baseEnv, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    // git may exit before reading its input (EPIPE): its exit status tells what happened.
    child.child.stdin?.on('error', () => undefined);
    child.child.stdin?.end(input ?? '');
    return (await child).stdout.trim();
  };
  await run('git', ['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, dir]);

  const commitFile = async (
    branch: string,
    file: string,
    content: string,
    message = `update ${file}`,
  ) => {
    const ref = `refs/heads/${branch}`;
    const parent = await git(['rev-parse', '--verify', '--quiet', ref]).catch(() => '');
    const tree = await buildTree(git, root, parent ? `${parent}^{tree}` : undefined, [
      { path: file, mode: '100644', sha: await git(['hash-object', '-w', '--stdin'], content) },
    ]);
    const commit = await git([
      'commit-tree',
      tree,
      ...(parent ? ['-p', parent] : []),
      '-m',
      message,
    ]);
    await git(['update-ref', ref, commit, parent || ZERO]);
    return commit;
  };
  await commitFile(defaultBranch, 'README.md', '# GitOps\n', 'Initial commit');

  const state: GitDataRepo = {
    owner,
    repo,
    dir,
    git,
    protectedBranches: new Map(),
    readOnlyTokens: new Set(),
    pulls: [],
    beforeUpdateRef: undefined,
    commitFile,
    close: () => rm(root, { recursive: true, force: true }),
  };
  registerHandlers(api, state, defaultBranch, root);
  return state;
}

function registerHandlers(
  api: GitHubApi,
  state: GitDataRepo,
  defaultBranch: string,
  root: string,
): void {
  const ctx = gitDataContext(state, defaultBranch, root);
  const handlers = { ...gitObjectHandlers(ctx), ...contentsHandler(ctx), ...pullHandlers(ctx) };
  for (const [operationId, handler] of Object.entries(handlers)) {
    api.handle(operationId, async (request) => {
      if (request.params['owner'] !== state.owner || request.params['repo'] !== state.repo)
        return githubError(404, 'Not Found', 'https://docs.github.com/rest');
      return handler(request);
    });
  }
}
