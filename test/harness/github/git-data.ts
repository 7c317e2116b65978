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
import {
  githubError,
  type GitHubApi,
  type GitHubRequest,
  type GitHubResponse,
} from './github-api.js';
import { API, WEB, pullRequest, repository, type StoredPull } from './github-objects.js';

const run = promisify(execFile);
const ZERO = '0'.repeat(40);

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

interface TreeEdit {
  readonly path: string;
  readonly mode: string;
  /** null removes the path. */
  readonly sha: string | null;
}

/** A new tree: `base` with `edits` applied, built on a private index (safe under concurrency). */
async function buildTree(
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

type Handler = (request: GitHubRequest) => Promise<GitHubResponse>;

function registerHandlers(
  api: GitHubApi,
  state: GitDataRepo,
  defaultBranch: string,
  root: string,
): void {
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

  const handlers: Record<string, Handler> = {
    'repos/get': async () => ({
      status: 200,
      body: repository(
        owner,
        repo,
        (await git(['symbolic-ref', '--short', 'HEAD'])) || defaultBranch,
      ),
    }),

    'repos/get-branch': async ({ params }) => {
      const sha = await resolve(`refs/heads/${params['branch']}`, 'commit');
      if (!sha)
        return githubError(
          404,
          'Branch not found',
          'https://docs.github.com/rest/branches/branches#get-a-branch',
        );
      const c = await commitObject(sha);
      const isProtected = state.protectedBranches.has(params['branch']!);
      return {
        status: 200,
        body: {
          name: params['branch'],
          commit: {
            sha,
            node_id: c['node_id'],
            url: `${repoApi}/commits/${sha}`,
            html_url: c['html_url'],
            comments_url: `${repoApi}/commits/${sha}/comments`,
            commit: {
              url: c['url'],
              author: c['author'],
              committer: c['committer'],
              message: c['message'],
              tree: c['tree'],
              comment_count: 0,
              verification: c['verification'],
            },
            // GitHub's user for the author/committer when it knows one; `{}` otherwise.
            author: {},
            committer: {},
            parents: c['parents'] as Array<{ sha: string; url: string; html_url: string }>,
          },
          _links: {
            self: `${repoApi}/branches/${params['branch']}`,
            html: `${repoWeb}/tree/${params['branch']}`,
          },
          protected: isProtected,
          protection: {
            enabled: isProtected,
            required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
          },
          protection_url: `${repoApi}/branches/${params['branch']}/protection`,
        },
      };
    },

    'git/get-ref': async ({ params }) => {
      const sha = await resolve(`refs/${params['ref']}`, 'commit');
      return sha ? { status: 200, body: refObject(`refs/${params['ref']}`, sha) } : notFound;
    },

    'git/get-commit': async ({ params }) => {
      const sha = await resolve(params['commit_sha']!, 'commit');
      return sha ? { status: 200, body: await commitObject(sha) } : notFound;
    },

    'git/create-blob': async (request) => {
      const denied = canWrite(request);
      if (denied) return denied;
      const { content, encoding } = request.body as { content: string; encoding?: string };
      const bytes =
        encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
      const sha = await git(['hash-object', '-w', '--stdin'], bytes);
      return { status: 201, body: { sha, url: `${repoApi}/git/blobs/${sha}` } };
    },

    'git/get-blob': async ({ params }) => {
      const sha = await tryGit([
        'rev-parse',
        '--verify',
        '--quiet',
        `${params['file_sha']}^{blob}`,
      ]);
      if (!sha) return notFound;
      const { stdout } = await run('git', ['--git-dir', state.dir, 'cat-file', 'blob', sha], {
        encoding: 'buffer',
        maxBuffer: 64 << 20,
      });
      return {
        status: 200,
        body: {
          sha,
          node_id: `B_${sha.slice(0, 8)}`,
          size: stdout.length,
          url: `${repoApi}/git/blobs/${sha}`,
          content: stdout.toString('base64'),
          encoding: 'base64',
        },
      };
    },

    'git/create-tree': async (request) => {
      const denied = canWrite(request);
      if (denied) return denied;
      const body = request.body as {
        base_tree?: string;
        tree: Array<{
          path: string;
          mode: string;
          type: string;
          sha?: string | null;
          content?: string;
        }>;
      };
      const base = body.base_tree ? await resolve(body.base_tree, 'tree') : undefined;
      if (body.base_tree && !base)
        return githubError(
          422,
          'Invalid tree info',
          'https://docs.github.com/rest/git/trees#create-a-tree',
        );
      const edits: TreeEdit[] = [];
      for (const entry of body.tree) {
        const sha =
          entry.content !== undefined
            ? await git(['hash-object', '-w', '--stdin'], entry.content)
            : (entry.sha ?? null);
        edits.push({ path: entry.path, mode: entry.mode, sha });
      }
      let sha: string;
      try {
        sha = await buildTree(git, root, base, edits);
      } catch {
        return githubError(
          422,
          'GitRPC::BadObjectState',
          'https://docs.github.com/rest/git/trees#create-a-tree',
        );
      }
      return {
        status: 201,
        body: {
          sha,
          url: `${repoApi}/git/trees/${sha}`,
          tree: await lsTree(sha, false),
          truncated: false,
        },
      };
    },

    'git/get-tree': async ({ params, query }) => {
      const sha = await resolve(params['tree_sha']!, 'tree');
      if (!sha) return notFound;
      const recursive = query.has('recursive');
      return {
        status: 200,
        body: {
          sha,
          url: `${repoApi}/git/trees/${sha}`,
          tree: await lsTree(sha, recursive),
          truncated: false,
        },
      };
    },

    'git/create-commit': async (request) => {
      const denied = canWrite(request);
      if (denied) return denied;
      const body = request.body as {
        message: string;
        tree: string;
        parents?: string[];
        author?: { name: string; email: string };
        committer?: { name: string; email: string };
      };
      const tree = await resolve(body.tree, 'tree');
      if (!tree)
        return githubError(
          422,
          'Tree SHA does not exist',
          'https://docs.github.com/rest/git/commits#create-a-commit',
        );
      const parents: string[] = [];
      for (const parent of body.parents ?? []) {
        const sha = await resolve(parent, 'commit');
        if (!sha)
          return githubError(
            422,
            'Parent SHA does not exist or is not a commit object',
            'https://docs.github.com/rest/git/commits#create-a-commit',
          );
        parents.push(sha);
      }
      // Without an author, GitHub uses the token's identity.
      const author = body.author ?? {
        name: 'grape-facts[bot]',
        email: 'grape-facts[bot]@users.noreply.github.com',
      };
      const committer = body.committer ?? author;
      const sha = await git(
        ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'],
        body.message,
        {
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_COMMITTER_NAME: committer.name,
          GIT_COMMITTER_EMAIL: committer.email,
        },
      );
      return { status: 201, body: await commitObject(sha) };
    },

    'git/update-ref': async (request) => {
      const denied = canWrite(request);
      if (denied) return denied;
      const ref = `refs/${request.params['ref']}`;
      const { sha, force } = request.body as { sha: string; force?: boolean };
      const current = await resolve(ref, 'commit');
      await state.beforeUpdateRef?.();
      if (!current)
        return githubError(
          422,
          'Reference does not exist',
          'https://docs.github.com/rest/git/refs#update-a-reference',
        );
      const branch = ref.replace(/^refs\/heads\//, '');
      const protection = state.protectedBranches.get(branch);
      if (protection !== undefined)
        return githubError(
          422,
          protection,
          'https://docs.github.com/rest/git/refs#update-a-reference',
        );
      const target = await resolve(sha, 'commit');
      if (!target)
        return githubError(
          422,
          'Object does not exist',
          'https://docs.github.com/rest/git/refs#update-a-reference',
        );
      const fastForward = await git(['merge-base', '--is-ancestor', current, target]).then(
        () => true,
        () => false,
      );
      const notFf = githubError(
        422,
        'Update is not a fast forward',
        'https://docs.github.com/rest/git/refs#update-a-reference',
      );
      if (!force && !fastForward) return notFf;
      // Compare-and-swap: fails if another request moved the ref since we read it.
      const swapped = await git(['update-ref', ref, target, current]).then(
        () => true,
        () => false,
      );
      return swapped ? { status: 200, body: refObject(ref, target) } : notFf;
    },

    'git/create-ref': async (request) => {
      const denied = canWrite(request);
      if (denied) return denied;
      const { ref, sha } = request.body as { ref: string; sha: string };
      const target = await resolve(sha, 'commit');
      if (!target)
        return githubError(
          422,
          'Object does not exist',
          'https://docs.github.com/rest/git/refs#create-a-reference',
        );
      const created = await git(['update-ref', ref, target, ZERO]).then(
        () => true,
        () => false,
      );
      return created
        ? { status: 201, body: refObject(ref, target) }
        : githubError(
            422,
            'Reference already exists',
            'https://docs.github.com/rest/git/refs#create-a-reference',
          );
    },

    'repos/get-content': async ({ params, query }) =>
      contents(params['path']!, query.get('ref') ?? defaultBranch),

    'pulls/list': async ({ query }) => {
      const head = query.get('head');
      const base = query.get('base');
      const wanted = query.get('state') ?? 'open';
      const found = state.pulls.filter(
        (p) =>
          (!head || `${owner}:${p.head}` === head) &&
          (!base || p.base === base) &&
          (wanted === 'all' || p.state === wanted),
      );
      return {
        status: 200,
        body: found.map((p) => pullRequest(owner, repo, defaultBranch, p, false)),
      };
    },

    'pulls/create': async (request) => {
      const { head, base, title, body } = request.body as {
        head: string;
        base: string;
        title?: string;
        body?: string;
      };
      if (state.pulls.some((p) => p.head === head && p.base === base && p.state === 'open'))
        return githubError(
          422,
          `A pull request already exists for ${owner}:${head}.`,
          'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
        );
      const headSha = await resolve(`refs/heads/${head}`, 'commit');
      const baseSha = await resolve(`refs/heads/${base}`, 'commit');
      if (!headSha || !baseSha)
        return githubError(
          422,
          'Validation Failed',
          'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
        );
      const pull: StoredPull = {
        number: state.pulls.length + 1,
        state: 'open',
        title: title ?? head,
        body: body ?? null,
        head,
        base,
        headSha,
        baseSha,
      };
      state.pulls.push(pull);
      return { status: 201, body: pullRequest(owner, repo, defaultBranch, pull, true) };
    },

    'pulls/update': async ({ params, body }) => {
      const pull = state.pulls.find((p) => p.number === Number(params['pull_number']));
      if (!pull) return notFound;
      const patch = body as { title?: string; body?: string; state?: 'open' | 'closed' };
      Object.assign(pull, {
        ...(patch.title ? { title: patch.title } : {}),
        ...(patch.body !== undefined ? { body: patch.body } : {}),
        ...(patch.state ? { state: patch.state } : {}),
      });
      return { status: 200, body: pullRequest(owner, repo, defaultBranch, pull, true) };
    },
  };

  /** The Contents API, including its symlink rule: a link to a file answers with that file. */
  const contents = async (filePath: string, ref: string): Promise<GitHubResponse> => {
    const commit = await resolve(
      ref.startsWith('refs/') || /^[0-9a-f]{40}$/.test(ref) ? ref : `refs/heads/${ref}`,
      'commit',
    );
    if (!commit)
      return githubError(
        404,
        `No commit found for the ref ${ref}`,
        'https://docs.github.com/rest/repos/contents#get-repository-content',
      );
    const entryOf = async (p: string) =>
      (await lsTree(`${commit}`, true)).find((e) => e.path === p);
    const entry = await entryOf(filePath);
    if (!entry) return notFound;
    const describe = (
      e: { path: string; sha: string; type: string; size?: number },
      type: string,
    ) => ({
      name: e.path.split('/').at(-1),
      path: e.path,
      sha: e.sha,
      size: e.size ?? 0,
      type,
      url: `${repoApi}/contents/${e.path}?ref=${ref}`,
      html_url: `${repoWeb}/blob/${ref}/${e.path}`,
      git_url: `${repoApi}/git/${type === 'dir' ? 'trees' : 'blobs'}/${e.sha}`,
      download_url:
        type === 'dir'
          ? null
          : `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${e.path}`,
      _links: {
        self: `${repoApi}/contents/${e.path}?ref=${ref}`,
        git: `${repoApi}/git/blobs/${e.sha}`,
        html: `${repoWeb}/blob/${ref}/${e.path}`,
      },
    });
    const file = async (e: typeof entry) => {
      const blob = await run('git', ['--git-dir', state.dir, 'cat-file', 'blob', e.sha], {
        encoding: 'buffer',
        maxBuffer: 64 << 20,
      });
      const base64 = blob.stdout.toString('base64').replace(/(.{60})/g, '$1\n');
      return { status: 200, body: { ...describe(e, 'file'), content: base64, encoding: 'base64' } };
    };
    if (entry.type === 'tree') {
      const children = (await lsTree(`${commit}:${filePath}`, false)).map((c) => ({
        ...c,
        path: `${filePath}/${c.path}`,
      }));
      return {
        status: 200,
        body: children.map((c) =>
          describe(c, c.type === 'tree' ? 'dir' : c.mode === '120000' ? 'symlink' : 'file'),
        ),
      };
    }
    if (entry.mode === '120000') {
      const target = await git(['cat-file', 'blob', entry.sha]);
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(filePath), target));
      const pointed = resolved.startsWith('..') ? undefined : await entryOf(resolved);
      if (pointed && pointed.type === 'blob' && pointed.mode !== '120000') return file(pointed);
      return { status: 200, body: { ...describe(entry, 'symlink'), target } };
    }
    if (entry.mode === '160000')
      return {
        status: 200,
        body: { ...describe(entry, 'submodule'), submodule_git_url: 'https://example.com/x.git' },
      };
    return file(entry);
  };

  for (const [operationId, handler] of Object.entries(handlers)) {
    api.handle(operationId, async (request) => {
      if (request.params['owner'] !== owner || request.params['repo'] !== repo) return notFound;
      return handler(request);
    });
  }
}
