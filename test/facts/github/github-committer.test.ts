/**
 * Commit mode through GitHub's API, against the stand-in backed by a real bare repository: one
 * atomic commit, other files kept, no-op applies make no commit, races retried, refusals explained.
 */
import { startGitHubApi, type GitHubApi } from '../../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../../harness/github/git-data.js';
import { createGitHubClient } from '../../../src/facts/github/github-client.js';
import { commitFactsToGitHub } from '../../../src/facts/github/github-committer.js';
import { changeFor, outputsJson, quickRetry } from '../facts-helpers.js';

let api: GitHubApi;
let gitops: GitDataRepo;
const repo = { owner: 'acme', repo: 'gitops' };
const client = (token = 'ghs_facts') => createGitHubClient(token, { GITHUB_API_URL: api.url });
const deps = (token?: string) => ({ client: client(token), ...quickRetry });
const callsSince = (n: number) => api.requests.slice(n).map((r) => r.operationId);

beforeAll(async () => {
  api = await startGitHubApi();
  gitops = await serveGitRepository(api);
});
afterAll(async () => {
  await api.close();
  await gitops.close();
});
afterEach(() => {
  expect(api.violations).toEqual([]);
});

const v1 = outputsJson(
  { vpc_id: 'vpc-0abc', cluster_endpoint: 'https://eks.example' },
  { db_password: 'hunter2-secret' },
);
const v2 = outputsJson(
  { vpc_id: 'vpc-0def', cluster_endpoint: 'https://eks.example' },
  { db_password: 'hunter2-secret' },
);

describe('the first apply of an environment', () => {
  let sha: string;
  beforeAll(async () => {
    const before = api.requests.length;
    const result = await commitFactsToGitHub(repo, 'main', changeFor(v1), undefined, deps());
    expect(result).toMatchObject({ changed: true, branch: 'main', attempts: 1 });
    sha = result.sha;
    expect(callsSince(before)).toEqual([
      'repos/get-branch',
      'repos/get-content',
      'git/get-tree',
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
    ]);
  });

  it('moves the branch to one new commit whose parent was the head', async () => {
    expect(await gitops.git(['rev-parse', 'main'])).toBe(sha);
    expect(await gitops.git(['rev-list', '--count', 'main'])).toBe('2');
  });

  it('writes the facts file and keeps every other file', async () => {
    expect(await gitops.git(['ls-tree', '-r', '--name-only', 'main'])).toBe(
      'README.md\nfacts/shop/prod.yaml',
    );
    const file = await gitops.git(['show', 'main:facts/shop/prod.yaml']);
    expect(file).toContain('vpc_id: vpc-0abc');
    expect(file).toContain('redacted:\n  - db_password');
  });

  it('carries the deployment, run and source in trailers', async () => {
    const message = await gitops.git(['log', '-1', '--format=%B', 'main']);
    expect(message).toMatch(/^facts\(shop\/prod\): update infra facts/);
    expect(message).toContain('Grape-Deployment: dep_1');
    expect(message).toContain('Grape-Run: https://github.com/acme/infra/actions/runs/1');
    expect(message).toContain(`Grape-Source: acme/infra@${'a'.repeat(40)}`);
    expect(
      await gitops.git([
        'log',
        '-1',
        '--format=%(trailers:key=Grape-Deployment,valueonly)',
        'main',
      ]),
    ).toBe('dep_1');
  });

  it('never writes a sensitive value into any object', async () => {
    expect(await gitops.git(['log', '-p', '--all'])).not.toContain('hunter2-secret');
  });
});

describe('later applies', () => {
  it('make no commit when only the run changed, with one API call', async () => {
    const head = await gitops.git(['rev-parse', 'main']);
    const before = api.requests.length;
    const later = changeFor(v1, { deploymentId: 'dep_2', now: new Date('2026-11-23T00:00:00Z') });
    const result = await commitFactsToGitHub(repo, 'main', later, undefined, deps());
    expect(result).toEqual({ changed: false, sha: head, branch: 'main', attempts: 1 });
    expect(callsSince(before)).toEqual(['repos/get-branch']);
  });

  it('commit changed facts in four API calls when the head is their own last commit', async () => {
    const before = api.requests.length;
    const result = await commitFactsToGitHub(
      repo,
      'main',
      changeFor(v2, { deploymentId: 'dep_3' }),
      undefined,
      deps(),
    );
    expect(result.changed).toBe(true);
    expect(callsSince(before)).toEqual([
      'repos/get-branch',
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
    ]);
    expect(await gitops.git(['show', 'main:facts/shop/prod.yaml'])).toContain('vpc_id: vpc-0def');
  });

  it('read the file when another writer committed last, and still skip a no-op', async () => {
    await gitops.commitFile('main', 'apps/web.yaml', 'replicas: 2\n');
    const head = await gitops.git(['rev-parse', 'main']);
    const before = api.requests.length;
    const again = changeFor(v2, { deploymentId: 'dep_4', now: new Date('2026-11-24T00:00:00Z') });
    const result = await commitFactsToGitHub(repo, 'main', again, undefined, deps());
    expect(result).toMatchObject({ changed: false, sha: head });
    expect(callsSince(before)).toEqual(['repos/get-branch', 'repos/get-content']);
  });

  it('uses the default branch when none is configured', async () => {
    const before = api.requests.length;
    const result = await commitFactsToGitHub(
      repo,
      undefined,
      changeFor(v1, { deploymentId: 'dep_5' }),
      undefined,
      deps(),
    );
    expect(result).toMatchObject({ changed: true, branch: 'main' });
    expect(callsSince(before)[0]).toBe('repos/get');
  });

  it('passes a configured author to GitHub', async () => {
    const author = { name: 'Grape Bot', email: 'grape@example.com' };
    await commitFactsToGitHub(
      repo,
      'main',
      changeFor(v2, { deploymentId: 'dep_6' }),
      author,
      deps(),
    );
    expect(await gitops.git(['log', '-1', '--format=%an <%ae> / %cn <%ce>', 'main'])).toBe(
      'Grape Bot <grape@example.com> / Grape Bot <grape@example.com>',
    );
  });
});

describe('a branch that moves meanwhile', () => {
  afterEach(() => {
    gitops.beforeUpdateRef = undefined;
  });

  it('is retried from the new head, keeping the other writer’s commit', async () => {
    let raced = false;
    gitops.beforeUpdateRef = async () => {
      if (raced) return;
      raced = true;
      await gitops.commitFile('main', 'apps/api.yaml', 'replicas: 1\n');
    };
    const result = await commitFactsToGitHub(
      repo,
      'main',
      changeFor(v1, { deploymentId: 'dep_7' }),
      undefined,
      deps(),
    );
    expect(result).toMatchObject({ changed: true, attempts: 2 });
    expect(await gitops.git(['log', '-2', '--format=%s', 'main'])).toBe(
      'facts(shop/prod): update infra facts\nupdate apps/api.yaml',
    );
    expect(await gitops.git(['show', 'main:apps/api.yaml'])).toBe('replicas: 1');
    expect(await gitops.git(['show', 'main:facts/shop/prod.yaml'])).toContain('vpc_id: vpc-0abc');
  });
});
