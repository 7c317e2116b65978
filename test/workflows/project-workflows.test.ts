import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git, runBash } from './run-script.js';
import { loadWorkflow, stepNamed, stepsOf } from './workflow-files.js';

describe('.github/workflows/ci.yml', () => {
  const workflow = loadWorkflow('.github/workflows/ci.yml');

  it('runs bash .ci/run on pushes to main and on pull requests, read-only', () => {
    expect(Object.keys(workflow['on'] as object).sort()).toEqual(['pull_request', 'push']);
    expect(workflow['permissions']).toEqual({ contents: 'read' });
    expect(
      stepsOf(workflow)
        .map(({ step }) => step.run)
        .filter(Boolean),
    ).toEqual(['bash .ci/run']);
  });
});

describe('.github/workflows/check-dist.yml', () => {
  const workflow = loadWorkflow('.github/workflows/check-dist.yml');
  const runs = stepsOf(workflow).map(({ step }) => step.run ?? '');

  it('installs, bundles, then fails when dist/ differs from the committed one', () => {
    expect(runs).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm run bundle']));
    expect(runs.join('\n')).toMatch(/git diff --exit-code --stat dist\//);
  });

  it('passes on an unchanged dist/ and fails on a new file in it', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'grape-dist-'));
    try {
      git(repo, 'init', '-q');
      runBash('mkdir -p dist && echo a > dist/index.js', { cwd: repo, env: {} });
      git(repo, 'add', '.');
      git(repo, 'commit', '-qm', 'init');
      const compare =
        stepNamed(workflow, 'check-dist', 'Compare dist/ with the committed one').run ?? '';
      expect(runBash(compare, { cwd: repo, env: {} }).status).toBe(0);
      writeFileSync(path.join(repo, 'dist', 'post.js'), 'new');
      const stale = runBash(compare, { cwd: repo, env: {} });
      expect(stale.status).toBe(1);
      expect(stale.stdout).toContain('::error title=dist/ is stale::');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('.github/workflows/release.yml', () => {
  const workflow = loadWorkflow('.github/workflows/release.yml');
  const move = stepNamed(workflow, 'move-major-tag', 'Move the major tag').run ?? '';
  let root: string;
  let work: string;
  let origin: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'grape-release-'));
    origin = path.join(root, 'origin.git');
    work = path.join(root, 'work');
    git(root, 'init', '-q', '--bare', origin);
    git(root, 'init', '-q', work);
    git(work, 'remote', 'add', 'origin', origin);
    for (const version of ['v1.0.0', 'v1.1.0']) {
      git(work, 'commit', '-q', '--allow-empty', '-m', version);
      git(work, 'tag', version);
    }
    git(work, 'tag', 'v1', 'v1.0.0');
    git(work, 'push', '-q', 'origin', 'HEAD:refs/heads/main', '--tags');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = (tag: string) =>
    runBash(move, {
      cwd: work,
      env: { TAG: tag, GITHUB_STEP_SUMMARY: path.join(root, 'summary') },
    });
  const originTag = (tag: string) => git(origin, 'rev-parse', `refs/tags/${tag}^{commit}`);

  it('runs on a published release, with write access to contents only', () => {
    expect(workflow['on']).toEqual({ release: { types: ['published'] } });
    expect(workflow.jobs['move-major-tag']?.['permissions']).toEqual({ contents: 'write' });
  });

  it('moves v1 to the commit of the newest v1 release, on the remote', () => {
    const result = run('v1.1.0');
    expect(result.status).toBe(0);
    expect(originTag('v1')).toBe(originTag('v1.1.0'));
    expect(readFileSync(path.join(root, 'summary'), 'utf8')).toContain('Moved v1');
  });

  it('leaves v1 alone for a release older than the newest (a backport)', () => {
    run('v1.1.0');
    git(work, 'commit', '-q', '--allow-empty', '-m', 'backport');
    git(work, 'tag', 'v1.0.1');
    const result = run('v1.0.1');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('is not the newest v1 release');
    expect(originTag('v1')).toBe(originTag('v1.1.0'));
  });

  it('refuses a tag that is not vMAJOR.MINOR.PATCH', () => {
    const result = run('release-1');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error title=Unexpected tag::');
  });
});

describe('workflows/examples/deploy.yml', () => {
  const workflow = loadWorkflow('workflows/examples/deploy.yml');
  const dispatch = (
    workflow['on'] as Record<
      string,
      { inputs: Record<string, { type: string; options: string[] }> }
    >
  )['workflow_dispatch'];

  it('offers a manual run with a choice of environment and operation', () => {
    expect(dispatch?.inputs['environment']).toMatchObject({
      type: 'choice',
      options: ['staging', 'production'],
    });
    expect(dispatch?.inputs['operation']).toMatchObject({
      type: 'choice',
      options: ['plan', 'apply', 'destroy'],
    });
  });

  it('calls the reusable workflow for each environment with the permissions it needs', () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(job['uses']).toBe('grape/deploy/.github/workflows/grape-deploy.yml@v1');
      expect(job['permissions']).toEqual({
        contents: 'read',
        'id-token': 'write',
        'pull-requests': 'write',
      });
    }
  });
});

describe('workflows/examples/drift-check.yml', () => {
  const workflow = loadWorkflow('workflows/examples/drift-check.yml');
  const fail = stepNamed(workflow, 'drift', 'Fail on drift');
  const report = stepNamed(workflow, 'drift', 'Report drift');

  it('runs on a schedule and only plans', () => {
    expect(workflow['on']).toHaveProperty('schedule');
    const grape = stepsOf(workflow).filter(({ step }) => step.uses === 'grape/deploy@v1');
    expect(grape.map(({ step }) => step.with?.['operation'])).toEqual(['plan']);
  });

  it('fails the job with an annotation when the plan is not empty', () => {
    expect(fail['if']).toBe("steps.plan.outputs.has-changes == 'true'");
    const result = runBash(fail.run ?? '', {
      cwd: tmpdir(),
      env: {
        GRAPE_ENVIRONMENT: 'production',
        GRAPE_ADD: '1',
        GRAPE_CHANGE: '2',
        GRAPE_DESTROY: '0',
      },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      '::error title=Drift in production::the plan is not empty: 1 to add, 2 to change, 0 to destroy\n',
    );
  });

  it('opens one issue per environment, then comments on it while it stays open', async () => {
    const { runGitHubScript } = await import('./github-script.js');
    const script = report.with?.['script'] as string;
    const scratch = mkdtempSync(path.join(tmpdir(), 'grape-drift-md-'));
    const markdownFile = path.join(scratch, 'plan.md');
    writeFileSync(markdownFile, '1 to add');
    const env = {
      GRAPE_ENVIRONMENT: 'production',
      GRAPE_PLAN_MARKDOWN_FILE: markdownFile,
      GRAPE_RUN_URL: 'u',
    };
    const first = await runGitHubScript(script, { env });
    expect(first.calls).toEqual(["create issue 'Drift in production'"]);
    const second = await runGitHubScript(script, { env, state: { issues: first.issues } });
    expect(second.calls).toEqual([`createComment #${first.issues[0]?.number}`]);
    expect(first.issues[0]?.body).toContain('1 to add');
    rmSync(scratch, { recursive: true, force: true });
  });
});
