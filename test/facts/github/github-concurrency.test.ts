/**
 * Twenty deployments of different environments commit to one branch at once through the API: all
 * land, each file intact, with a bounded number of retries.
 */
import { startGitHubApi, type GitHubApi } from '../../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../../harness/github/git-data.js';
import { createGitHubClient } from '../../../src/facts/github/github-client.js';
import { commitFactsToGitHub } from '../../../src/facts/github/github-committer.js';
import { changeFor, outputsJson, quickRetry } from '../facts-helpers.js';

let api: GitHubApi;
let gitops: GitDataRepo;
beforeAll(async () => {
  api = await startGitHubApi();
  gitops = await serveGitRepository(api);
});
afterAll(async () => {
  await api.close();
  await gitops.close();
});

describe('20 committers racing on one branch (API mode)', () => {
  const N = 20;
  const envs = Array.from({ length: N }, (_, i) => `env${String(i).padStart(2, '0')}`);
  let attempts: number[];

  beforeAll(async () => {
    const client = createGitHubClient('ghs_facts', { GITHUB_API_URL: api.url });
    const results = await Promise.all(
      envs.map((environment) =>
        commitFactsToGitHub(
          { owner: 'acme', repo: 'gitops' },
          'main',
          changeFor(outputsJson({ environment_name: environment }), { environment }),
          undefined,
          { client, ...quickRetry },
        ),
      ),
    );
    attempts = results.map((r) => r.attempts);
  }, 300_000);

  it('lands every commit, one per environment, on a linear history', async () => {
    expect(await gitops.git(['rev-list', '--count', 'main'])).toBe(String(N + 1));
    expect(await gitops.git(['rev-list', '--count', '--merges', 'main'])).toBe('0');
  });

  it('loses no file and keeps each intact', async () => {
    const files = (await gitops.git(['ls-tree', '-r', '--name-only', 'main'])).split('\n');
    expect(files).toEqual(['README.md', ...envs.map((e) => `facts/shop/${e}.yaml`)]);
    for (const environment of envs)
      expect(await gitops.git(['show', `main:facts/shop/${environment}.yaml`])).toContain(
        `environment_name: ${environment}`,
      );
  });

  it('retries a bounded number of times, and the stand-in saw only valid exchanges', () => {
    expect(Math.max(...attempts)).toBeLessThanOrEqual(quickRetry.policy.retries + 1);
    expect(attempts.reduce((a, b) => a + b, 0)).toBeGreaterThan(N); // there was contention
    expect(api.violations).toEqual([]);
  });
});
