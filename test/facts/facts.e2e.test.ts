/**
 * The facts step end to end, through the bundled action run as the Actions runner runs it: a real
 * Terraform 1.11.4 apply's outputs committed with git to a local bare repository, and every odd
 * facts input refused before any network call.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import { terraformBinary } from '../harness/terraform-binary.js';
import { bareRepo, type BareRepo } from './git-repos.js';

const SECRET = 'hunter2-e2e-secret-value';
const MAIN_TF = `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "${SECRET}"
}
resource "terraform_data" "net" {
  input = { vpc_id = "vpc-0e2e", subnets = ["subnet-a", "subnet-b"] }
}
output "vpc_id" { value = terraform_data.net.output.vpc_id }
output "subnets" { value = terraform_data.net.output.subnets }
output "big_number" { value = 12345678901234567890 }
output "db_password" {
  value     = var.db_password
  sensitive = true
}
`;

let workdir: string;
let gitops: BareRepo;
beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'grape-tf-'));
  await writeFile(path.join(workdir, 'main.tf'), MAIN_TF);
  gitops = await bareRepo();
}, 120_000);
afterAll(async () => {
  await rm(workdir, { recursive: true, force: true });
  await gitops.close();
});

const apply = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({
    inputs: {
      operation: 'apply',
      project: 'shop',
      environment: 'prod',
      'engine-path': terraformBinary ?? 'terraform',
      ...inputs,
    },
    cwd: workdir,
    env: { GITHUB_WORKSPACE: workdir, GITHUB_SERVER_URL: 'https://github.com' },
  });

describe('facts committed with git to a local bare repository', () => {
  let first: ActionRun;
  let second: ActionRun;
  beforeAll(async () => {
    first = await apply({ 'facts-git-url': gitops.dir, 'deployment-id': 'dep_e2e1' });
    second = await apply({ 'facts-git-url': `file://${gitops.dir}`, 'deployment-id': 'dep_e2e2' });
  }, 120_000);

  it('commits the outputs of the apply and says so in its outputs', async () => {
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs['facts-changed']).toBe('true');
    expect(first.outputs['facts-commit']).toBe(await gitops.git('rev-parse', 'main'));
    const file = await gitops.git('show', `${first.outputs['facts-commit']}:facts/shop/prod.yaml`);
    expect(file).toContain('  big_number: 12345678901234567890\n');
    expect(file).toContain('  vpc_id: vpc-0e2e\n');
    expect(file).toContain('  deploymentId: dep_e2e1\n');
    expect(file).toContain('redacted:\n  - db_password');
  });

  it('makes no commit on the next apply that changed nothing', async () => {
    expect(second.exitCode).toBe(0);
    expect(second.outputs['facts-changed']).toBe('false');
    expect(second.outputs['facts-commit']).toBe(first.outputs['facts-commit']);
    expect(second.stdout).toContain('are already current: no commit');
  });

  it('never lets the sensitive value out: not in the repository, the log or an output', async () => {
    expect(await gitops.git('log', '-p', '--all')).not.toContain(SECRET);
    expect(first.everything).not.toContain(SECRET);
    expect(second.everything).not.toContain(SECRET);
  });
});

/** Unreachable on purpose: a case passes only if nothing is sent. */
const NO_NETWORK = { GITHUB_API_URL: 'http://127.0.0.1:9' };
const odd = (inputs: Record<string, string>) =>
  runAction({ inputs: { operation: 'apply', ...inputs }, env: NO_NETWORK });
const REPO = {
  'facts-repository': 'acme/gitops',
  project: 'shop',
  environment: 'prod',
  'facts-token': 'ghs_x',
};

const cases: Array<[string, Record<string, string>, string]> = [
  [
    'facts-repository that is a URL',
    { ...REPO, 'facts-repository': 'https://github.com/acme/gitops' },
    "Input 'facts-repository' is 'https://github.com/acme/gitops': not an owner/repo name. Use the GitOps repository as 'owner/repo', e.g. 'acme/gitops'",
  ],
  [
    'both facts-repository and facts-git-url',
    { ...REPO, 'facts-git-url': '/srv/git/gitops.git' },
    "Inputs 'facts-repository' and 'facts-git-url' are both set: choose one.",
  ],
  [
    'facts-git-url with a password',
    {
      project: 'shop',
      environment: 'prod',
      'facts-git-url': 'https://bot:glpat-123@gitlab.com/acme/gitops.git',
    },
    "Input 'facts-git-url': it contains a password. Never put a credential in a URL",
  ],
  [
    'facts-git-url that is no URL',
    { project: 'shop', environment: 'prod', 'facts-git-url': 'gitops' },
    "Input 'facts-git-url' is 'gitops': not a git remote URL or absolute path. Use an https URL",
  ],
  [
    'facts-git-url over plain http with a token',
    {
      project: 'shop',
      environment: 'prod',
      'facts-git-url': 'http://git.example.com/gitops.git',
      'facts-token': 't0ken',
    },
    "Input 'facts-git-url' is 'http://git.example.com/gitops.git': it is plain http, which would send the token unencrypted. Use the remote's https URL.",
  ],
  [
    'facts-branch that is a full ref',
    { ...REPO, 'facts-branch': 'refs/heads/main' },
    "Input 'facts-branch' is 'refs/heads/main': it is a full ref; give the branch name without 'refs/heads/'. Use a branch name such as 'main' or 'gitops'.",
  ],
  [
    'facts-branch with ..',
    { ...REPO, 'facts-branch': 'a..b' },
    "Input 'facts-branch' is 'a..b': not a valid git branch name.",
  ],
  [
    'facts-path absolute',
    { ...REPO, 'facts-path': '/etc/facts.yaml' },
    "Input 'facts-path' is '/etc/facts.yaml': not a safe path in the repository: it is absolute (it must be relative to the repository root). Use a relative path such as 'facts/shop/prod.yaml'.",
  ],
  [
    'facts-path with ..',
    { ...REPO, 'facts-path': 'facts/../../x.yaml' },
    "Input 'facts-path' is 'facts/../../x.yaml': not a safe path in the repository: it contains '..'.",
  ],
  [
    'facts-path into .git',
    { ...REPO, 'facts-path': '.git/hooks/post-checkout' },
    "not a safe path in the repository: it goes into '.git' (git's own folder).",
  ],
  [
    'facts-path naming a folder',
    { ...REPO, 'facts-path': 'facts/' },
    "Input 'facts-path' is 'facts/': not a safe path in the repository: it names a folder, not a file.",
  ],
  [
    'facts-format unknown',
    { ...REPO, 'facts-format': 'toml' },
    "Input 'facts-format' is 'toml': not one of the accepted values. Use one of: 'yaml', 'json', 'helm-values', 'configmap'.",
  ],
  [
    'facts-include with a path',
    { ...REPO, 'facts-include': 'module/vpc_id' },
    "Input 'facts-include' is 'module/vpc_id': not a glob over output names. Output names have no '/' or spaces",
  ],
  [
    'facts-exclude with an open brace',
    { ...REPO, 'facts-exclude': '{db_*' },
    "Input 'facts-exclude' is '{db_*': not a glob over output names.",
  ],
  [
    'facts-mode unknown',
    { ...REPO, 'facts-mode': 'push' },
    "Input 'facts-mode' is 'push': not one of the accepted values. Use one of: 'commit', 'pull-request'.",
  ],
  [
    'facts-mode pull-request with a plain git remote',
    {
      project: 'shop',
      environment: 'prod',
      'facts-git-url': '/srv/git/gitops.git',
      'facts-mode': 'pull-request',
    },
    "Input 'facts-mode' is 'pull-request' but 'facts-git-url' is set: pull requests are opened through GitHub's API.",
  ],
  [
    'facts-commit-author without an email',
    { ...REPO, 'facts-commit-author': 'Grape Bot' },
    "Input 'facts-commit-author' is 'Grape Bot': not of the form 'Name <email>'. Use e.g. 'Grape Bot <grape-bot@example.com>'.",
  ],
  [
    'facts-token missing for the API',
    { ...REPO, 'facts-token': '', 'github-token': '' },
    "Input 'facts-token' is empty and there is no workflow token ('github-token' input or GITHUB_TOKEN) to fall back on",
  ],
  [
    'environment missing',
    { ...REPO, environment: '' },
    "Input 'environment' is required when facts are published: it names the facts file and the pull-request branch. Add e.g. `environment: prod`.",
  ],
  [
    'environment with a slash',
    { ...REPO, environment: 'prod/eu' },
    "Input 'environment' is 'prod/eu': not a plain name (letters and digits, joined by single . _ or -). Use letters and digits",
  ],
  ['project too long', { ...REPO, project: 'p'.repeat(64) }, "Input 'project' is"],
  [
    'facts inputs without a destination',
    { 'facts-format': 'json' },
    "Input 'facts-format' is set but neither 'facts-repository' nor 'facts-git-url' is: facts have nowhere to go.",
  ],
];

describe('odd facts inputs', () => {
  it.each(cases)(
    'refuses %s with a message that names the input and the fix',
    async (_name, inputs, expected) => {
      const result = await odd(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toContain(expected);
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    },
  );

  it('masks every token on arrival and never echoes one', async () => {
    const result = await odd({
      ...REPO,
      'facts-token': 'ghs_SECRET_facts',
      'github-token': 'ghs_SECRET_workflow',
      'facts-format': 'toml',
    });
    expect(result.masks).toEqual(
      expect.arrayContaining(['ghs_SECRET_facts', 'ghs_SECRET_workflow']),
    );
    expect(leakedSecrets(result, ['ghs_SECRET_facts', 'ghs_SECRET_workflow'])).toEqual([]);
  });

  it('never echoes a password given in facts-git-url', async () => {
    const result = await odd({
      project: 'shop',
      environment: 'prod',
      'facts-git-url': 'https://bot:glpat-SECRET@gitlab.com/a/b.git',
    });
    expect(result.everything).not.toContain('glpat-SECRET');
  });
});

describe('facts committed through the GitHub API named by GITHUB_API_URL', () => {
  it('commits with the facts token and reports the commit and its URL', async () => {
    const { startGitHubApi } = await import('../harness/github/github-api.js');
    const { serveGitRepository } = await import('../harness/github/git-data.js');
    const api = await startGitHubApi();
    const remote = await serveGitRepository(api);
    try {
      const result = await runAction({
        inputs: {
          operation: 'apply',
          project: 'shop',
          environment: 'prod',
          'engine-path': terraformBinary ?? 'terraform',
          'facts-repository': 'acme/gitops',
          'facts-token': 'ghs_SECRET_e2e_token',
          'facts-format': 'helm-values',
        },
        cwd: workdir,
        env: { GITHUB_WORKSPACE: workdir, GITHUB_API_URL: api.url },
      });
      expect(result.errors).toEqual([]);
      const head = await remote.git(['rev-parse', 'main']);
      expect(result.outputs['facts-commit']).toBe(head);
      expect(result.outputs['facts-url']).toBe(
        `https://github.com/acme/gitops/blob/${head}/facts/shop/prod.yaml`,
      );
      expect(await remote.git(['show', 'main:facts/shop/prod.yaml'])).toContain(
        'grape:\n  apiVersion: grape.dev/v1',
      );
      expect(api.requests.every((r) => r.token === 'ghs_SECRET_e2e_token')).toBe(true);
      expect(api.violations).toEqual([]);
      expect(leakedSecrets(result, ['ghs_SECRET_e2e_token'])).toEqual([]);
      expect(await remote.git(['log', '-p', '--all'])).not.toContain(SECRET);
    } finally {
      await api.close();
      await remote.close();
    }
  }, 60_000);
});
