/**
 * Git mode against real bare repositories: on disk (path and file://) and over real HTTP through
 * `git http-backend`, where the token must travel only in the Authorization header.
 */
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnProcess, type Spawn } from '../../../src/process/spawn-process.js';
import { readGitUrl, type FactsDestination } from '../../../src/config/facts/facts-destination.js';
import { commitFactsWithGit } from '../../../src/facts/git/git-committer.js';
import { startGitHttpServer, type GitHttpServer } from '../../harness/git-http-server.js';
import { bareRepo, type BareRepo } from '../git-repos.js';
import { changeFor, outputsJson, quickRetry } from '../facts-helpers.js';

const TOKEN = 'glpat-SECRET-token-0123456789';
const destination = (url: string) => {
  const reading = readGitUrl(url);
  if (!reading.ok) throw new Error(reading.problem);
  return reading.destination as FactsDestination & { kind: 'git' };
};

interface Recorded {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly config?: string;
}
function recordingSpawn(log: Recorded[]): Spawn {
  return (file, args, options) => {
    const config =
      args[0] === 'push'
        ? readFileSync(path.join(options.cwd, '.git', 'config'), 'utf8')
        : undefined;
    log.push({ args: [file, ...args], env: options.env, ...(config ? { config } : {}) });
    return spawnProcess(file, args, options);
  };
}
const commit = (
  url: string,
  change = changeFor(outputsJson({ vpc_id: 'vpc-0abc' })),
  extra: { spawn?: Spawn; branch?: string; token?: string } = {},
) =>
  commitFactsWithGit(
    destination(url),
    extra.branch ?? 'main',
    change,
    { token: extra.token, author: undefined },
    {
      spawn: extra.spawn ?? spawnProcess,
      env: process.env,
      tempDir: tmpdir(),
      ...quickRetry,
    },
  );

describe('a local bare repository', () => {
  let repo: BareRepo;
  beforeAll(async () => {
    repo = await bareRepo();
  });
  afterAll(() => repo.close());

  it('commits the facts file on top of the branch, keeping other files', async () => {
    const result = await commit(repo.dir);
    expect(result).toMatchObject({ changed: true, branch: 'main', attempts: 1 });
    expect(await repo.git('rev-parse', 'main')).toBe(result.sha);
    expect(await repo.git('ls-tree', '-r', '--name-only', 'main')).toBe(
      'README.md\nfacts/shop/prod.yaml',
    );
    expect(await repo.git('log', '-1', '--format=%an <%ae>%n%B', 'main')).toMatch(
      /^github-actions\[bot\] <41898282\+github-actions\[bot\]@users.noreply.github.com>\nfacts\(shop\/prod\): update infra facts[\s\S]*Grape-Deployment: dep_1/,
    );
  });

  it('makes no commit for an apply that changed nothing (file:// URL, new run and time)', async () => {
    const head = await repo.git('rev-parse', 'main');
    const later = changeFor(outputsJson({ vpc_id: 'vpc-0abc' }), {
      deploymentId: 'dep_2',
      now: new Date('2027-01-01T00:00:00Z'),
    });
    const result = await commit(`file://${repo.dir}`, later);
    expect(result).toEqual({ changed: false, sha: head, branch: 'main', attempts: 1 });
  });

  it('commits on the default branch when none is configured', async () => {
    const result = await commitFactsWithGit(
      destination(repo.dir),
      undefined,
      changeFor(outputsJson({ vpc_id: 'vpc-0def' }), { deploymentId: 'dep_3' }),
      { token: undefined, author: { name: 'Ops', email: 'ops@example.com' } },
      { spawn: spawnProcess, env: process.env, tempDir: tmpdir(), ...quickRetry },
    );
    expect(result).toMatchObject({ changed: true, branch: 'main' });
    expect(await repo.git('log', '-1', '--format=%an <%ae> %cn <%ce>', 'main')).toBe(
      'Ops <ops@example.com> Ops <ops@example.com>',
    );
  });

  it('explains a branch that does not exist', async () => {
    await expect(commit(repo.dir, undefined, { branch: 'gitops' })).rejects.toThrow(
      `Could not clone ${repo.dir}: branch 'gitops' does not exist there (git said: warning: Could not find remote branch gitops to clone. / fatal: Remote branch gitops not found in upstream origin). Create it, or set 'facts-branch' to an existing branch.`,
    );
  });

  it('explains a repository that does not exist', async () => {
    await expect(commit(`${repo.root}/missing.git`)).rejects.toThrow(
      `Could not clone ${repo.root}/missing.git: no git repository there`,
    );
  });

  it('refuses a path through a symlink in the checked-out tree', async () => {
    await repo.push(async (work) => {
      await mkdir(path.join(work, 'real'), { recursive: true });
      await writeFile(path.join(work, 'real', 'keep'), '');
      await symlink('real', path.join(work, 'linked'));
      await symlink('../README.md', path.join(work, 'real', 'readme-link.yaml'));
    }, 'add links');
    await expect(
      commit(repo.dir, changeFor(outputsJson({ a: 1 }), { path: 'linked/prod.yaml' })),
    ).rejects.toThrow(
      "Refusing to write the facts to 'linked/prod.yaml': 'linked' is a symlink in the repository.",
    );
    await expect(
      commit(repo.dir, changeFor(outputsJson({ a: 1 }), { path: 'real/readme-link.yaml' })),
    ).rejects.toThrow(
      "Refusing to write the facts to 'real/readme-link.yaml': it is a symlink in the repository.",
    );
  });

  it('explains a protected branch (pre-receive hook declining, as GitHub does)', async () => {
    const guarded = await bareRepo();
    await guarded.protect('main');
    try {
      await expect(commit(guarded.dir)).rejects.toThrow(
        `Could not push the facts to branch 'main' of ${guarded.dir}: the branch is protected (git said:`,
      );
      await expect(commit(guarded.dir)).rejects.toThrow(
        'GH006: Protected branch update failed for refs/heads/main.',
      );
    } finally {
      await guarded.close();
    }
  });
});

describe('over HTTP with a token (git http-backend)', () => {
  let repo: BareRepo;
  let server: GitHttpServer;
  const recorded: Recorded[] = [];
  beforeAll(async () => {
    repo = await bareRepo();
    server = await startGitHttpServer(repo.root, { user: 'x-access-token', token: TOKEN });
    const result = await commit(server.repoUrl('gitops.git'), undefined, {
      spawn: recordingSpawn(recorded),
      token: TOKEN,
    });
    expect(result.changed).toBe(true);
  });
  afterAll(async () => {
    await server.close();
    await repo.close();
  });

  it('pushes the commit', async () => {
    expect(await repo.git('ls-tree', '-r', '--name-only', 'main')).toBe(
      'README.md\nfacts/shop/prod.yaml',
    );
  });

  it('sends the token only in the Authorization header', () => {
    const authorized = server.requests.filter((r) => r.authorization !== undefined);
    expect(authorized.length).toBeGreaterThan(0);
    for (const request of server.requests) expect(request.url).not.toContain(TOKEN);
  });

  it('never puts the token in argv, the remote URL or .git/config', () => {
    for (const entry of recorded) expect(entry.args.join(' ')).not.toContain(TOKEN);
    const config = recorded.find((r) => r.config)?.config ?? '';
    expect(config).toContain(`url = ${server.repoUrl('gitops.git')}`);
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
  });

  it('passes it through GIT_CONFIG_* as an extra header scoped to that remote', () => {
    const env = recorded[0]!.env;
    const count = Number(env['GIT_CONFIG_COUNT']);
    const keys = Array.from({ length: count }, (_, i) => env[`GIT_CONFIG_KEY_${i}`]);
    expect(keys).toContain(`http.${server.repoUrl('gitops.git')}.extraHeader`);
  });

  it('is refused with a clear message when the token is wrong', async () => {
    await expect(
      commit(server.repoUrl('gitops.git'), undefined, { token: 'wrong-token' }),
    ).rejects.toThrow(
      `Could not clone ${server.repoUrl('gitops.git')}: the remote refused the credentials`,
    );
  });
});

describe('20 committers racing on one branch (git mode)', () => {
  let repo: BareRepo;
  const N = 20;
  const envs = Array.from({ length: N }, (_, i) => `env${String(i).padStart(2, '0')}`);
  let attempts: number[];
  beforeAll(async () => {
    repo = await bareRepo();
    const results = await Promise.all(
      envs.map((environment) =>
        commit(
          `file://${repo.dir}`,
          changeFor(outputsJson({ environment_name: environment }), { environment }),
        ),
      ),
    );
    attempts = results.map((r) => r.attempts);
  }, 180_000);
  afterAll(() => repo.close());

  it('lands all 20 commits on a linear history, every file intact', async () => {
    expect(await repo.git('rev-list', '--count', 'main')).toBe(String(N + 1));
    expect(await repo.git('rev-list', '--count', '--merges', 'main')).toBe('0');
    const files = (await repo.git('ls-tree', '-r', '--name-only', 'main')).split('\n');
    expect(files).toEqual(['README.md', ...envs.map((e) => `facts/shop/${e}.yaml`)]);
    for (const environment of envs)
      expect(await repo.git('show', `main:facts/shop/${environment}.yaml`)).toContain(
        `environment_name: ${environment}`,
      );
  });

  it('retries a bounded number of times', () => {
    expect(Math.max(...attempts)).toBeLessThanOrEqual(quickRetry.policy.retries + 1);
    expect(attempts.reduce((a, b) => a + b, 0)).toBeGreaterThan(N);
  });
});
