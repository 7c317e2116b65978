/** facts-mode: pull-request — one Grape-owned branch and one open pull request per environment. */
import { startGitHubApi, type GitHubApi } from '../../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../../harness/github/git-data.js';
import { createGitHubClient } from '../../../src/facts/github/github-client.js';
import { proposeFactsOnGitHub } from '../../../src/facts/github/github-pull-request.js';
import { changeFor, outputsJson, quickRetry } from '../facts-helpers.js';

let api: GitHubApi;
let gitops: GitDataRepo;
const repo = { owner: 'acme', repo: 'gitops' };
const names = { project: 'shop', environment: 'prod' };
const propose = (vpc: string, deploymentId: string) =>
  proposeFactsOnGitHub(
    repo,
    undefined,
    changeFor(outputsJson({ vpc_id: vpc }), { deploymentId }),
    names,
    undefined,
    {
      client: createGitHubClient('ghs_facts', { GITHUB_API_URL: api.url }),
      ...quickRetry,
    },
  );

beforeAll(async () => {
  api = await startGitHubApi();
  gitops = await serveGitRepository(api);
  gitops.protectedBranches.set('main', 'Protected branch update failed for refs/heads/main.');
});
afterAll(async () => {
  await api.close();
  await gitops.close();
});
afterEach(() => expect(api.violations).toEqual([]));

describe('proposing facts to a protected branch', () => {
  it('pushes grape/facts/<project>/<environment> and opens a pull request', async () => {
    const result = await propose('vpc-1', 'dep_1');
    expect(result).toMatchObject({
      changed: true,
      branch: 'grape/facts/shop/prod',
      pullRequestUrl: 'https://github.com/acme/gitops/pull/1',
    });
    expect(await gitops.git(['show', 'grape/facts/shop/prod:facts/shop/prod.yaml'])).toContain(
      'vpc_id: vpc-1',
    );
    expect(await gitops.git(['rev-list', '--count', 'main'])).toBe('1');
    expect(gitops.pulls).toHaveLength(1);
  });

  it('finds the same pull request again when the facts did not change', async () => {
    const before = await gitops.git(['rev-parse', 'grape/facts/shop/prod']);
    const result = await propose('vpc-1', 'dep_2');
    expect(result).toMatchObject({
      changed: false,
      sha: before,
      pullRequestUrl: 'https://github.com/acme/gitops/pull/1',
    });
    expect(gitops.pulls).toHaveLength(1);
  });

  it('rebuilds the branch as base + one commit on new facts, and never duplicates the pull request', async () => {
    const result = await propose('vpc-2', 'dep_3');
    expect(result.changed).toBe(true);
    expect(await gitops.git(['rev-list', '--count', 'main..grape/facts/shop/prod'])).toBe('1');
    expect(await gitops.git(['show', 'grape/facts/shop/prod:facts/shop/prod.yaml'])).toContain(
      'vpc_id: vpc-2',
    );
    expect(gitops.pulls.filter((p) => p.state === 'open')).toHaveLength(1);
    expect(result.pullRequestUrl).toBe('https://github.com/acme/gitops/pull/1');
  });

  it('proposes nothing once the base branch already holds the facts', async () => {
    // The pull request was merged.
    const head = await gitops.git(['rev-parse', 'grape/facts/shop/prod']);
    await gitops.git(['update-ref', 'refs/heads/main', head]);
    gitops.pulls[0]!.state = 'closed';
    const result = await propose('vpc-2', 'dep_4');
    expect(result).toMatchObject({ changed: false, pullRequestUrl: undefined });
    expect(gitops.pulls).toHaveLength(1);
  });
});
