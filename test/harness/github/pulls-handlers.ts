/** Pull requests, kept in memory beside the bare repository (list, create, update). */
import { githubError } from './github-api.js';
import { pullRequest, type StoredPull } from './github-objects.js';
import type { GitDataContext, Handler } from './git-data-context.js';

export function pullHandlers(ctx: GitDataContext): Record<string, Handler> {
  const { state, owner, repo, defaultBranch, notFound, resolve } = ctx;
  return {
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
}
