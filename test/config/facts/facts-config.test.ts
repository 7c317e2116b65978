/** How the facts configuration is put together from inputs and the run (the signed spec's values
 * arrive as inputs: test/config/spec-config.test.ts). */
import { InputReader } from '../../../src/inputs/input-reader.js';
import { readFactsConfig } from '../../../src/config/facts/facts-config.js';
import { testRun } from '../../facts/facts-helpers.js';

function read(inputs: Record<string, string>, options: { env?: NodeJS.ProcessEnv } = {}) {
  const masked: string[] = [];
  const reader = new InputReader((name) => inputs[name] ?? '');
  const config = readFactsConfig(reader, {
    run: testRun(),
    env: options.env ?? {},
    mask: (v) => void masked.push(v),
  });
  return { config, problems: reader.problems.map((p) => p.message), masked };
}

describe('the facts configuration', () => {
  it('is off when no destination is given', () => {
    expect(read({}).config).toBeUndefined();
  });

  it('fills defaults: yaml, commit mode, default branch, path from project and environment', () => {
    const { config } = read({
      'facts-repository': 'acme/gitops',
      environment: 'prod',
      'github-token': 'ghs_w',
    });
    expect(config).toEqual({
      destination: { kind: 'github', owner: 'acme', repo: 'gitops' },
      branch: undefined,
      path: 'facts/infra/prod.yaml',
      format: 'yaml',
      filter: { include: [], exclude: [] },
      mode: 'commit',
      token: 'ghs_w',
      project: 'infra',
      environment: 'prod',
      author: undefined,
    });
  });

  it('masks every token on arrival', () => {
    const { masked } = read(
      { 'facts-token': 'f1', 'github-token': 'w1' },
      { env: { GITHUB_TOKEN: 'e1' } },
    );
    expect(masked).toEqual(['f1', 'w1']);
    expect(read({}, { env: { GITHUB_TOKEN: 'e1' } }).masked).toEqual(['e1']);
  });

  it('sends the workflow token only to GitHub itself', () => {
    const gitlab = read({
      'facts-git-url': 'https://gitlab.com/acme/gitops.git',
      environment: 'prod',
      'github-token': 'ghs_w',
    });
    expect(gitlab.config?.token).toBeUndefined();
    const github = read({
      'facts-git-url': 'https://github.com/acme/gitops.git',
      environment: 'prod',
      'github-token': 'ghs_w',
    });
    expect(github.config?.token).toBe('ghs_w');
    const explicit = read({
      'facts-git-url': 'https://gitlab.com/acme/gitops.git',
      environment: 'prod',
      'facts-token': 'glpat',
    });
    expect(explicit.config?.token).toBe('glpat');
    expect(explicit.masked).toContain(Buffer.from('x-access-token:glpat').toString('base64'));
  });

  it('takes the Basic auth user name from the URL and keeps it out of the remote', () => {
    const { config } = read({
      'facts-git-url': 'https://oauth2@gitlab.com/acme/gitops.git',
      environment: 'prod',
    });
    expect(config?.destination).toEqual({
      kind: 'git',
      url: 'https://gitlab.com/acme/gitops.git',
      transport: 'http',
      username: 'oauth2',
    });
  });

  it('reads globs with braces and a commit author', () => {
    const { config } = read({
      'facts-git-url': 'git@gitlab.com:acme/gitops.git',
      environment: 'prod',
      'facts-include': '{vpc,subnet}_*, cluster_endpoint\nbucket_*',
      'facts-commit-author': 'Grape Bot <grape@example.com>',
    });
    expect(config?.filter.include).toEqual(['{vpc,subnet}_*', 'cluster_endpoint', 'bucket_*']);
    expect(config?.author).toEqual({ name: 'Grape Bot', email: 'grape@example.com' });
    expect(config?.destination).toMatchObject({ transport: 'ssh' });
  });
});
