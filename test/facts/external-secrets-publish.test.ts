/**
 * The ExternalSecret hand-off through every facts mode (GitHub API commit, pull request, plain
 * git): the manifests land in the facts commit itself, valid against the external-secrets CRD
 * schema, under the same trailers and no-op rule; a canary sensitive value is never written.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGitHubApi, type GitHubApi } from '../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../harness/github/git-data.js';
import { spawnProcess } from '../../src/process/spawn-process.js';
import type { FactsConfig } from '../../src/config/facts/facts-config.js';
import { readGitUrl } from '../../src/config/facts/facts-destination.js';
import { publishFacts } from '../../src/facts/publish-facts.js';
import { externalSecretProblems } from './external-secret-schema.js';
import { outputsJson, quickRetry, recordingIO, testRun } from './facts-helpers.js';
import { bareRepo, type BareRepo } from './git-repos.js';

const CANARY = 'canary-Q7v#secret-value-never-written';
const RDS_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-5f3c-AbCdEf';
const JWT_ARN =
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:production/api/jwt-secret-Gh1jK2';
const FACTS = 'facts/platform/production.yaml';
const MANIFESTS = 'facts/platform/production.external-secrets.yaml';
const outputs = outputsJson(
  {
    db_master_user_secret_arn: RDS_ARN,
    secret_arns: { 'api/jwt-secret': JWT_ARN },
    db_address: 'db.internal',
  },
  { db_master_password: CANARY },
);

let api: GitHubApi;
/** One repository per API stand-in: pull-request mode gets its own. */
let prApi: GitHubApi;
let gitops: GitDataRepo;
let proposals: GitDataRepo;
let plain: BareRepo;
beforeAll(async () => {
  api = await startGitHubApi();
  gitops = await serveGitRepository(api);
  prApi = await startGitHubApi();
  proposals = await serveGitRepository(prApi, { repo: 'gitops-pr' });
  plain = await bareRepo();
  await plain.push((work) => writeFile(path.join(work, 'README.md'), 'gitops\n'), 'initial');
});
afterAll(async () => {
  await api.close();
  await prApi.close();
  await gitops.close();
  await proposals.close();
  await plain.close();
});

const config = (overrides: Partial<FactsConfig> = {}): FactsConfig => ({
  destination: { kind: 'github', owner: 'acme', repo: 'gitops' },
  branch: 'main',
  path: FACTS,
  format: 'yaml',
  filter: { include: [], exclude: [] },
  mode: 'commit',
  token: 'ghs_publish',
  project: 'platform',
  environment: 'production',
  author: undefined,
  externalSecrets: {
    sources: [
      { output: 'db_master_user_secret_arn', shape: 'json' },
      { output: 'secret_arns', shape: 'whole' },
    ],
    store: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
    path: MANIFESTS,
  },
  ...overrides,
});

const publish = (c: FactsConfig, runId: string, json = outputs) => {
  const apiUrl =
    c.destination.kind === 'github' && c.destination.repo === 'gitops-pr' ? prApi.url : api.url;
  const io = recordingIO();
  return publishFacts(
    c,
    {
      outputsJson: json,
      engine: { name: 'terraform', version: '1.11.4' },
      deploymentId: `dep_${runId}`,
      run: testRun(runId),
    },
    {
      io,
      env: { GITHUB_API_URL: apiUrl },
      spawn: spawnProcess,
      now: () => new Date('2026-11-30T10:00:00Z'),
      tempDir: tmpdir(),
      ...quickRetry,
    },
  ).then((result) => ({ result, io }));
};

type Git = (args: string[]) => Promise<string>;
const modes: [string, () => Git, () => Partial<FactsConfig>, string][] = [
  ['GitHub API, commit mode', () => (a) => gitops.git(a), () => ({}), 'main'],
  [
    'GitHub API, pull-request mode',
    () => (a) => proposals.git(a),
    () => ({
      destination: { kind: 'github', owner: 'acme', repo: 'gitops-pr' },
      mode: 'pull-request',
    }),
    'grape/facts/platform/production',
  ],
  [
    'plain git',
    () => (a) => plain.git(...a),
    () => {
      const reading = readGitUrl(plain.dir);
      if (!reading.ok) throw new Error(reading.problem);
      return { destination: reading.destination, token: undefined };
    },
    'main',
  ],
];

describe.each(modes)('the ExternalSecret hand-off (%s)', (_mode, gitOf, overridesOf, branch) => {
  let git: Git;
  let c: FactsConfig;
  let first: Awaited<ReturnType<typeof publish>>;
  beforeAll(async () => {
    git = gitOf();
    c = config(overridesOf());
    first = await publish(c, '101');
  });

  it('commits the manifests beside the facts, in the same commit', async () => {
    expect(first.result.changed).toBe(true);
    expect(await git(['rev-parse', branch])).toBe(first.result.sha);
    const files = await git(['show', '--name-only', '--format=', first.result.sha]);
    expect(files.split('\n').sort()).toEqual([MANIFESTS, FACTS]);
    expect([...api.violations, ...prApi.violations]).toEqual([]);
  });

  it('writes manifests valid against the external-secrets CRD schema', async () => {
    const manifests = await git(['show', `${first.result.sha}:${MANIFESTS}`]);
    expect(externalSecretProblems(manifests)).toEqual([]);
    expect(manifests).toContain(`key: ${RDS_ARN}`);
    expect(manifests).toContain(`key: ${JWT_ARN}`);
  });

  it('carries the facts trailers', async () => {
    const message = await git(['log', '-1', '--format=%B', first.result.sha]);
    expect(message).toContain(`Grape-Facts-Path: ${FACTS}\n`);
    expect(message).toMatch(/\nGrape-Facts-Digest: sha256:[0-9a-f]{64}$/);
    expect(message).toContain('Grape-Deployment: dep_101\n');
  });

  it('makes no commit when nothing changed, and one when only the store changed', async () => {
    const again = await publish(c, '102');
    expect(again.result).toMatchObject({ changed: false, sha: first.result.sha });
    const moved = await publish(
      {
        ...c,
        externalSecrets: { ...c.externalSecrets!, store: { kind: 'SecretStore', name: 'aws' } },
      },
      '103',
    );
    expect(moved.result.changed).toBe(true);
    expect(await git(['show', `${moved.result.sha}:${MANIFESTS}`])).toContain(
      'kind: SecretStore\n',
    );
  });

  it('never writes, logs or outputs the canary sensitive value', async () => {
    expect(await git(['log', '-p', '--all'])).not.toContain(CANARY);
    expect(JSON.stringify(first.io)).not.toContain(CANARY);
    expect(first.io.logs).toContain(
      `ExternalSecrets: db_master_user_secret_arn, secret_arns → ${MANIFESTS} (ClusterSecretStore/aws-secrets-manager).`,
    );
  });
});

describe('the hand-off refusing a sensitive output', () => {
  it('fails before any commit, naming the output and not its value', async () => {
    const head = await gitops.git(['rev-parse', 'main']);
    const c = config({
      externalSecrets: {
        ...config().externalSecrets!,
        sources: [{ output: 'db_master_password', shape: 'whole' }],
      },
    });
    await expect(publish(c, '201')).rejects.toThrow(
      "Input 'facts-external-secrets' names output 'db_master_password', which is sensitive.",
    );
    expect(await gitops.git(['rev-parse', 'main'])).toBe(head);
  });
});

describe('the hand-off after a destroy (no outputs)', () => {
  it('empties the manifests file, so ArgoCD prunes the ExternalSecrets, and warns by name', async () => {
    const reading = readGitUrl(plain.dir);
    if (!reading.ok) throw new Error(reading.problem);
    const { result, io } = await publish(
      config({ destination: reading.destination, token: undefined }),
      '301',
      outputsJson({}),
    );
    expect(result.changed).toBe(true);
    expect(await plain.git('show', `main:${MANIFESTS}`)).toBe(
      '# ExternalSecrets written by Grape beside the infra facts (references only, never values).\n# Do not edit: the next apply replaces this file.',
    );
    expect(io.logs).toEqual(
      expect.arrayContaining([
        "warning: facts-external-secrets names output 'db_master_user_secret_arn', which the apply did not produce.",
        "warning: facts-external-secrets names output 'secret_arns', which the apply did not produce.",
      ]),
    );
  });
});
