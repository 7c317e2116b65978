/** The Contents API (repos/get-content) over the bare repository, symlink rule included. */
import path from 'node:path';
import { githubError, type GitHubResponse } from './github-api.js';
import { run, type GitDataContext, type Handler } from './git-data-context.js';

export function contentsHandler(ctx: GitDataContext): Record<string, Handler> {
  const { state, owner, repo, git, defaultBranch, repoApi, repoWeb, notFound, resolve, lsTree } =
    ctx;
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
  return {
    'repos/get-content': async ({ params, query }) =>
      contents(params['path']!, query.get('ref') ?? defaultBranch),
  };
}
