/** The dispatcher's environment: defaults, and refusal to boot with a message naming each bad variable. */
import path from 'node:path';
import { repoRoot } from '../harness/action-runner.js';
import { ConfigError, loadConfig } from '../../dispatcher/src/config.js';

const github = {
  GITHUB_APP_ID: '123456',
  GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----',
  GITHUB_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  GRAPE_RUNNER_REPO: 'acme/grape-runner',
  GRAPE_PUBLIC_URL: 'https://grape.example.com',
};

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/srv/grape');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('dispatcher configuration', () => {
  it('defaults to PGlite in ./.grape on 127.0.0.1:8787 with GitHub.com', () => {
    const config = loadConfig(
      { ...github, GRAPE_PUBLIC_URL: '', GRAPE_ALLOW_LOOPBACK_PUBLIC_URL: 'true' },
      '/srv/grape',
    );
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      publicUrl: 'http://127.0.0.1:8787',
      database: { kind: 'pglite', dataDir: '/srv/grape/.grape/pglite' },
      executor: {
        kind: 'github',
        github: {
          apiUrl: 'https://api.github.com',
          owner: 'acme',
          repo: 'grape-runner',
          workflow: 'grape-runner.yml',
          ref: 'main',
          installationId: undefined,
        },
      },
      reportAuth: {
        issuer: 'https://token.actions.githubusercontent.com',
        jwksUrl: 'https://token.actions.githubusercontent.com/.well-known/jwks',
        audience: 'http://127.0.0.1:8787',
      },
    });
    expect(config.executor.kind === 'github' && config.executor.github.privateKey).toContain(
      '\nMIIE\n',
    );
  });

  it('uses DATABASE_URL and GHES settings when given', () => {
    const config = loadConfig({
      ...github,
      DATABASE_URL: 'postgres://u:p@db:5432/grape',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
      GRAPE_OIDC_ISSUER: 'https://ghe.example.com/_services/token',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/grape' });
    expect(config.executor.kind === 'github' && config.executor.github.apiUrl).toBe(
      'https://ghe.example.com/api/v3',
    );
    expect(config.reportAuth.jwksUrl).toBe(
      'https://ghe.example.com/_services/token/.well-known/jwks',
    );
  });

  it('names every missing GitHub setting at once', () => {
    const found = problems({ GRAPE_EXECUTOR: 'github' });
    expect(found.map((p) => p.split(':')[0])).toEqual([
      'GITHUB_APP_ID',
      'GITHUB_APP_PRIVATE_KEY',
      'GITHUB_WEBHOOK_SECRET',
      'GRAPE_RUNNER_REPO',
      "GRAPE_PUBLIC_URL is 'http",
    ]);
    expect(found[0]).toBe(
      "GITHUB_APP_ID: is required with GRAPE_EXECUTOR=github. Set the GitHub App's numeric id (App settings → About), e.g. '123456'.",
    );
  });

  it.each([
    ['PORT', '80a', "PORT is '80a': not a whole number from 1 to 65535"],
    ['PORT', '70000', 'PORT'],
    [
      'DATABASE_URL',
      'mysql://u:secret@db/grape',
      "DATABASE_URL is 'mysql://u:***@db/grape': not a PostgreSQL URL",
    ],
    ['GITHUB_APP_ID', 'grape-app', "GITHUB_APP_ID is 'grape-app': not a number"],
    ['GITHUB_APP_PRIVATE_KEY', 'ssh-rsa AAAA', 'GITHUB_APP_PRIVATE_KEY: not a PEM private key'],
    ['GITHUB_WEBHOOK_SECRET', 'short', 'GITHUB_WEBHOOK_SECRET: shorter than 16 characters'],
    ['GRAPE_RUNNER_REPO', 'grape-runner', "GRAPE_RUNNER_REPO is 'grape-runner': not owner/name"],
    [
      'GRAPE_RUNNER_WORKFLOW',
      'deploy',
      "GRAPE_RUNNER_WORKFLOW is 'deploy': not a workflow file name or id",
    ],
    ['GITHUB_API_URL', 'ftp://x', "GITHUB_API_URL is 'ftp://x': not an http(s) URL"],
    [
      'GRAPE_PUBLIC_URL',
      'grape.example.com',
      "GRAPE_PUBLIC_URL is 'grape.example.com': not an http(s) URL",
    ],
    ['GRAPE_EXECUTOR', 'lambda', "GRAPE_EXECUTOR is 'lambda': not a known executor"],
    [
      'GRAPE_RUNNER_ROLE_ARN',
      'grape-runner',
      "GRAPE_RUNNER_ROLE_ARN is 'grape-runner': not an IAM role ARN",
    ],
    ['GRAPE_SPEC_SIGNING_KEY', 'secret', 'GRAPE_SPEC_SIGNING_KEY: not a PEM private key'],
    ['GRAPE_LOG_LEVEL', 'loud', "GRAPE_LOG_LEVEL is 'loud': not a log level"],
  ])('refuses %s=%s', (name, value, message) => {
    const found = problems({ ...github, [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
    expect(found[0]).not.toContain('secret@');
  });

  it('never echoes secrets in its messages', () => {
    const text = problems({
      ...github,
      GITHUB_WEBHOOK_SECRET: 'tooshort',
      GITHUB_APP_PRIVATE_KEY: 'hunter2-key',
    }).join('\n');
    expect(text).not.toContain('tooshort');
    expect(text).not.toContain('hunter2');
  });

  it('formats the whole refusal for the operator', () => {
    expect(() => loadConfig({ ...github, PORT: 'x' })).toThrow(
      /^Refusing to start: a setting is invalid:\n- PORT is 'x'/,
    );
  });

  describe('the local executor', () => {
    it('is the default without a GitHub App, with its defaults under the data dir', () => {
      const config = loadConfig({}, repoRoot);
      expect(config.executor).toEqual({
        kind: 'local',
        local: {
          actionPath: path.join(repoRoot, 'dist/index.js'),
          sourceDir: repoRoot,
          enginePath: expect.any(String),
          factsGitUrl: path.join(repoRoot, '.grape/gitops.git'),
          runsDir: path.join(repoRoot, '.grape/runs'),
          stateDir: path.join(repoRoot, '.grape/state'),
          plansDir: path.join(repoRoot, '.grape/plans'),
        },
      });
    });

    it('is chosen explicitly even when a GitHub App is configured', () => {
      expect(loadConfig({ ...github, GRAPE_EXECUTOR: 'local' }, repoRoot).executor.kind).toBe(
        'local',
      );
    });

    it.each([
      [
        'GRAPE_LOCAL_SOURCE_DIR',
        '/nonexistent/modules',
        "GRAPE_LOCAL_SOURCE_DIR is '/nonexistent/modules': does not exist",
      ],
      [
        'GRAPE_LOCAL_ENGINE_PATH',
        '/nonexistent/terraform',
        "GRAPE_LOCAL_ENGINE_PATH is '/nonexistent/terraform': does not exist",
      ],
      [
        'GRAPE_LOCAL_ACTION',
        '/nonexistent/index.js',
        "GRAPE_LOCAL_ACTION is '/nonexistent/index.js': does not exist",
      ],
    ])('refuses %s=%s', (name, value, message) => {
      let error: unknown;
      try {
        loadConfig({ GRAPE_EXECUTOR: 'local', [name]: value }, repoRoot);
      } catch (e) {
        error = e;
      }
      expect((error as Error).message).toContain(message);
    });
  });
});
