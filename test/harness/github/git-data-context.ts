/**
 * What the stand-in's handlers share for one repository served from a bare git repository: the
 * plumbing helpers, GitHub's object shapes for commits, refs and trees, and the write check.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { githubError, type GitHubRequest, type GitHubResponse } from './github-api.js';
import { API, WEB } from './github-objects.js';
import type { GitDataRepo } from './git-data.js';

export const run = promisify(execFile);
export const ZERO = '0'.repeat(40);

export type Handler = (request: GitHubRequest) => Promise<GitHubResponse>;

export interface TreeEdit {
  readonly path: string;
  readonly mode: string;
  /** null removes the path. */
  readonly sha: string | null;
}

/** A new tree: `base` with `edits` applied, built on a private index (safe under concurrency). */
export async function buildTree(
  git: GitDataRepo['git'],
  root: string,
  base: string | undefined,
  edits: readonly TreeEdit[],
): Promise<string> {
  const scratch = await mkdtemp(path.join(root, 'index-'));
  const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  try {
    await git(base ? ['read-tree', base] : ['read-tree', '--empty'], undefined, env);
    for (const edit of edits) {
      if (edit.sha === null)
        await git(['update-index', '--force-remove', '--', edit.path], undefined, env);
      else
        await git(
          ['update-index', '--add', '--cacheinfo', `${edit.mode},${edit.sha},${edit.path}`],
          undefined,
          env,
        );
    }
    return await git(['write-tree'], undefined, env);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function gitDataContext(state: GitDataRepo, defaultBranch: string, root: string) {
  const { owner, repo, git } = state;
  const repoApi = `${API}/repos/${owner}/${repo}`;
  const repoWeb = `${WEB}/${owner}/${repo}`;
  const notFound = githubError(404, 'Not Found', 'https://docs.github.com/rest');
  const tryGit = (args: string[]) => git(args).catch(() => undefined);
  const resolve = (rev: string, type: 'commit' | 'tree') =>
    tryGit(['rev-parse', '--verify', '--quiet', `${rev}^{${type}}`]);

  const commitObject = async (sha: string): Promise<Record<string, unknown>> => {
    const raw = await git(['cat-file', 'commit', sha]);
    const [header, ...rest] = raw.split('\n\n');
    const lines = header!.split('\n');
    const field = (name: string) =>
      lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));
    const person = (line: string) => {
      const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line)!;
      return {
        name: m[1],
        email: m[2],
        date: new Date(Number(m[3]) * 1000).toISOString().replace(/\.000Z$/, 'Z'),
      };
    };
    return {
      sha,
      node_id: `C_${sha.slice(0, 12)}`,
      url: `${repoApi}/git/commits/${sha}`,
      html_url: `${repoWeb}/commit/${sha}`,
      author: person(field('author')[0]!),
      committer: person(field('committer')[0]!),
      tree: { sha: field('tree')[0], url: `${repoApi}/git/trees/${field('tree')[0]}` },
      message: rest.join('\n\n'),
      parents: field('parent').map((p) => ({
        sha: p,
        url: `${repoApi}/git/commits/${p}`,
        html_url: `${repoWeb}/commit/${p}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    };
  };
  const refObject = (ref: string, sha: string) => ({
    ref,
    node_id: `REF_${sha.slice(0, 8)}`,
    url: `${repoApi}/git/${ref}`,
    object: { type: 'commit', sha, url: `${repoApi}/git/commits/${sha}` },
  });
  const lsTree = async (treeish: string, recursive: boolean) => {
    const out = await git(['ls-tree', '-l', ...(recursive ? ['-r', '-t'] : []), treeish]);
    return out
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const [meta, entryPath] = line.split('\t') as [string, string];
        const [mode, type, sha, size] = meta.split(/\s+/) as [string, string, string, string];
        return {
          path: entryPath,
          mode,
          type,
          sha,
          ...(type === 'blob' ? { size: Number(size) } : {}),
          url: `${repoApi}/git/${type === 'tree' ? 'trees' : 'blobs'}/${sha}`,
        };
      });
  };
  const canWrite = (request: GitHubRequest): GitHubResponse | undefined =>
    request.token !== undefined && state.readOnlyTokens.has(request.token)
      ? githubError(
          403,
          'Resource not accessible by integration',
          'https://docs.github.com/rest/git/trees#create-a-tree',
        )
      : undefined;

  return {
    state,
    owner,
    repo,
    git,
    root,
    defaultBranch,
    repoApi,
    repoWeb,
    notFound,
    tryGit,
    resolve,
    commitObject,
    refObject,
    lsTree,
    canWrite,
  };
}

export type GitDataContext = ReturnType<typeof gitDataContext>;
