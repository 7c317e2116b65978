/** Repository, branch, ref, commit, tree and blob operations on the bare repository. */
import { githubError } from './github-api.js';
import { repository } from './github-objects.js';
import {
  ZERO,
  buildTree,
  run,
  type GitDataContext,
  type Handler,
  type TreeEdit,
} from './git-data-context.js';

export function gitObjectHandlers(ctx: GitDataContext): Record<string, Handler> {
  const {
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
  } = ctx;
  return {
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
  };
}
