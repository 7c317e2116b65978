/**
 * What GitHub refuses, and what the user is told: a missing repository or branch, a token that may
 * not write, a protected branch, a path through a symlink. Each error names the cause and the fix.
 */
import { startGitHubApi, type GitHubApi } from '../../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../../harness/github/git-data.js';
import { createGitHubClient } from '../../../src/facts/github/github-client.js';
import { commitFactsToGitHub } from '../../../src/facts/github/github-committer.js';
import { changeFor, outputsJson, quickRetry } from '../facts-helpers.js';

let api: GitHubApi;
let gitops: GitDataRepo;
const facts = outputsJson({ vpc_id: 'vpc-0abc' });
const commit = (options: { token?: string; branch?: string; repo?: string; path?: string } = {}) =>
  commitFactsToGitHub(
    { owner: 'acme', repo: options.repo ?? 'gitops' },
    options.branch ?? 'main',
    changeFor(facts, options.path ? { path: options.path } : {}),
    undefined,
    {
      client: createGitHubClient(options.token ?? 'ghs_ok', { GITHUB_API_URL: api.url }),
      ...quickRetry,
    },
  );

beforeAll(async () => {
  api = await startGitHubApi();
  gitops = await serveGitRepository(api);
});
afterAll(async () => {
  await api.close();
  await gitops.close();
});
afterEach(() => expect(api.violations).toEqual([]));

describe('refusals', () => {
  it('a repository that does not exist (or is invisible to the token)', async () => {
    await expect(commit({ repo: 'nope' })).rejects.toThrow(
      "Could not read branch 'main': acme/nope was not found (404). Check 'facts-repository', and that the facts token can see the repository",
    );
  });

  it('a branch that does not exist', async () => {
    await expect(commit({ branch: 'gitops' })).rejects.toThrow(
      "Could not commit the facts: branch 'gitops' does not exist in acme/gitops. Create it, or set 'facts-branch' to an existing branch",
    );
  });

  it('a token without write access (403)', async () => {
    gitops.readOnlyTokens.add('ghs_readonly');
    await expect(commit({ token: 'ghs_readonly' })).rejects.toThrow(
      "Could not commit to branch 'main': the facts token may not write to acme/gitops (403 Resource not accessible by integration). A workflow's GITHUB_TOKEN can only write to its own repository",
    );
  });

  it('a protected branch, with the way out: facts-mode pull-request', async () => {
    gitops.protectedBranches.set('main', 'Protected branch update failed for refs/heads/main.');
    try {
      await expect(commit()).rejects.toThrow(
        `Could not commit the facts to branch 'main' of acme/gitops: the branch is protected (GitHub said: "Protected branch update failed for refs/heads/main."). Use \`facts-mode: pull-request\``,
      );
    } finally {
      gitops.protectedBranches.delete('main');
    }
    expect(await gitops.git(['rev-list', '--count', 'main'])).toBe('1');
  });

  it('a ruleset that requires pull requests', async () => {
    gitops.protectedBranches.set(
      'main',
      'Repository rule violations found\n\nChanges must be made through a pull request.\n\n',
    );
    try {
      await expect(commit()).rejects.toThrow(
        'the branch is protected (GitHub said: "Repository rule violations found")',
      );
    } finally {
      gitops.protectedBranches.delete('main');
    }
  });

  it('a bad token (401)', async () => {
    api.injectFaults({
      operationId: 'repos/get-branch',
      status: 401,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
    });
    await expect(commit({ token: 'ghs_revoked' })).rejects.toThrow(
      "GitHub refused the facts token (401 Bad credentials). It is expired, revoked or mistyped; check 'facts-token'.",
    );
  });

  it('transient 5xx answers are retried', async () => {
    api.injectFaults({
      operationId: 'git/create-tree',
      status: 502,
      body: { message: 'Server Error' },
    });
    const result = await commit({ path: 'facts/shop/retry.yaml' });
    expect(result).toMatchObject({ changed: true, attempts: 2 });
  });
});

describe('symlinks in the GitOps repository', () => {
  beforeAll(async () => {
    // 'linked' → 'facts' (a folder), 'facts/shop/link.yaml' → 'prod.yaml' (a file)
    const blob = await gitops.git(['hash-object', '-w', '--stdin'], 'facts');
    const fileLink = await gitops.git(['hash-object', '-w', '--stdin'], 'prod.yaml');
    const head = await gitops.git(['rev-parse', 'main']);
    const env = { GIT_INDEX_FILE: `${gitops.dir}/tmp-index` };
    await gitops.git(['read-tree', head], undefined, env);
    await gitops.git(
      ['update-index', '--add', '--cacheinfo', `120000,${blob},linked`],
      undefined,
      env,
    );
    await gitops.git(
      ['update-index', '--add', '--cacheinfo', `120000,${fileLink},facts/shop/link.yaml`],
      undefined,
      env,
    );
    const prod = await gitops.git(['hash-object', '-w', '--stdin'], 'x: 1\n');
    await gitops.git(
      ['update-index', '--add', '--cacheinfo', `100644,${prod},facts/shop/prod.yaml`],
      undefined,
      env,
    );
    const tree = await gitops.git(['write-tree'], undefined, env);
    const next = await gitops.git(['commit-tree', tree, '-p', head, '-m', 'links']);
    await gitops.git(['update-ref', 'refs/heads/main', next, head]);
  });

  it('refuses a path through a symlinked folder', async () => {
    await expect(commit({ path: 'linked/shop/prod.yaml' })).rejects.toThrow(
      "Refusing to write the facts to 'linked/shop/prod.yaml': 'linked' is a symlink in the repository.",
    );
  });

  it('refuses a path that is a symlink to a file', async () => {
    await expect(commit({ path: 'facts/shop/link.yaml' })).rejects.toThrow(
      "Refusing to write the facts to 'facts/shop/link.yaml': it is a symlink to 'facts/shop/prod.yaml'.",
    );
  });

  it('refuses a path that is a folder', async () => {
    await expect(commit({ path: 'facts/shop' })).rejects.toThrow(
      "Refusing to write the facts to 'facts/shop': it is a folder",
    );
  });
});
