/** The facts step as main.ts calls it: outputs, logs, and what never reaches either. */
import { tmpdir } from 'node:os';
import { startGitHubApi, type GitHubApi } from '../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../harness/github/git-data.js';
import { spawnProcess } from '../../src/process/spawn-process.js';
import type { FactsConfig } from '../../src/config/facts/facts-config.js';
import { publishFacts } from '../../src/facts/publish-facts.js';
import { outputsJson, quickRetry, recordingIO, testRun } from './facts-helpers.js';

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

const config = (overrides: Partial<FactsConfig> = {}): FactsConfig => ({
  destination: { kind: 'github', owner: 'acme', repo: 'gitops' },
  branch: 'main',
  path: 'facts/shop/prod.yaml',
  format: 'yaml',
  filter: { include: [], exclude: [] },
  mode: 'commit',
  token: 'ghs_publish',
  project: 'shop',
  environment: 'prod',
  author: undefined,
  ...overrides,
});
const SECRET = 'p@ss-never-shown';
const publish = (c: FactsConfig, json: string, io = recordingIO()) =>
  publishFacts(
    c,
    {
      outputsJson: json,
      engine: { name: 'terraform', version: '1.11.4' },
      deploymentId: 'dep_pub',
      run: testRun(),
    },
    {
      io,
      env: { GITHUB_API_URL: api.url },
      spawn: spawnProcess,
      now: () => new Date('2026-11-22T10:00:00Z'),
      tempDir: tmpdir(),
      ...quickRetry,
    },
  ).then((result) => ({ result, io }));

describe('publishing facts', () => {
  it('sets facts-commit, facts-changed and facts-url, and logs names only', async () => {
    const { result, io } = await publish(
      config({ filter: { include: ['vpc_*', 'db_*', 'typo_*'], exclude: [] } }),
      outputsJson({ vpc_id: 'vpc-1', other: 'x' }, { db_password: SECRET }),
    );
    expect(io.outputs).toEqual({
      'facts-commit': result.sha,
      'facts-changed': 'true',
      'facts-url': `https://github.com/acme/gitops/blob/${result.sha}/facts/shop/prod.yaml`,
    });
    expect(io.logs).toContain(
      "warning: facts-include pattern 'typo_*' matched no Terraform output.",
    );
    expect(io.logs).toContain('Facts: 1 of 3 outputs; redacted (sensitive): db_password.');
    expect(JSON.stringify(io)).not.toContain(SECRET);
    const file = await gitops.git(['show', 'main:facts/shop/prod.yaml']);
    expect(file).toContain('facts:\n  vpc_id: vpc-1\n');
    expect(file).not.toContain('other');
  });

  it('outputs the pull request in pull-request mode', async () => {
    const { io } = await publish(
      config({ mode: 'pull-request' }),
      outputsJson({ vpc_id: 'vpc-2' }),
    );
    expect(io.outputs['facts-pull-request-url']).toBe('https://github.com/acme/gitops/pull/1');
    expect(io.outputs['facts-changed']).toBe('true');
    expect(api.violations).toEqual([]);
  });
});
