import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGitHubScript } from './github-script.js';
import { unknownGrapeInputs, unknownGrapeOutputs } from './grape-steps.js';
import { loadWorkflow, readRepoFile, stepNamed, stepsOf } from './workflow-files.js';

const file = 'workflows/grape-deploy.yml';
const workflow = loadWorkflow(file);
const jobs = workflow.jobs as Record<string, Record<string, unknown>>;
const publish = stepNamed(workflow, 'plan', 'Publish the plan summary');
const script = publish.with?.['script'] as string;

// The action writes its Markdown to a file and outputs the path: the step's env carries the path.
const scratch = mkdtempSync(path.join(tmpdir(), 'grape-plan-md-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;
const markdownFile = (markdown: string): string => {
  const file = path.join(scratch, `plan-${files++}.md`);
  writeFileSync(file, markdown);
  return file;
};

const env = (summary: string, environment = 'staging') => ({
  GRAPE_ENVIRONMENT: environment,
  GRAPE_WORKING_DIRECTORY: 'infra/envs/staging',
  GRAPE_PLAN_OUTCOME: 'success',
  GRAPE_PLAN_MARKDOWN_FILE: markdownFile(summary),
  GRAPE_HAS_CHANGES: 'true',
  GRAPE_RUN_URL: 'https://github.com/acme/infra/actions/runs/1',
});

describe('workflows/grape-deploy.yml', () => {
  it('is a reusable workflow that starts with no permissions', () => {
    expect(Object.keys(workflow['on'] as object)).toEqual(['workflow_call']);
    expect(workflow['permissions']).toEqual({});
  });

  it('is published, identical, where callers reference it (.github/workflows/grape-deploy.yml)', () => {
    expect(readRepoFile('.github/workflows/grape-deploy.yml')).toBe(readRepoFile(file));
  });

  it('plans on pull requests with a token that can comment, and cannot write code', () => {
    expect(jobs['plan']?.['if']).toMatch(/github\.event_name == 'pull_request'/);
    expect(jobs['plan']?.['permissions']).toEqual({
      contents: 'read',
      'id-token': 'write',
      'pull-requests': 'write',
    });
  });

  it('applies on a push to the default branch, through the protected environment, one at a time', () => {
    const apply = jobs['apply'] ?? {};
    expect(apply['if']).toMatch(/github\.event_name == 'push'/);
    expect(apply['if']).toMatch(/github\.event\.repository\.default_branch/);
    expect(apply['environment']).toEqual({ name: '${{ inputs.environment }}' });
    expect(apply['permissions']).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(apply['concurrency']).toMatchObject({ 'cancel-in-progress': false });
  });

  it('bounds every job with a timeout', () => {
    for (const job of Object.values(jobs)) expect(job['timeout-minutes']).toBeDefined();
  });

  it('gives grape/deploy only inputs it has, and reads only outputs it has', () => {
    expect(unknownGrapeInputs(workflow)).toEqual([]);
    expect(unknownGrapeOutputs(workflow, readRepoFile(file))).toEqual([]);
    expect(stepsOf(workflow).filter(({ step }) => step.uses === 'grape/deploy@v1')).toHaveLength(2);
  });
});

describe('the plan comment script', () => {
  it('creates one comment, marked for the environment, and writes the job summary', async () => {
    const gh = await runGitHubScript(script, { env: env('1 to add'), pullRequest: 7 });
    expect(gh.calls).toEqual(['createComment #7']);
    expect(gh.comments[0]?.body).toMatch(/^<!-- grape-plan:staging -->\n### Grape plan: `staging`/);
    expect(gh.comments[0]?.body).toContain('1 to add');
    expect(gh.summary).toEqual([gh.comments[0]?.body]);
  });

  it("updates the environment's comment in place on the next push instead of adding another", async () => {
    const comments = [
      {
        id: 1,
        body: '<!-- grape-plan:production -->\nprod plan',
        user: { type: 'Bot', login: 'github-actions[bot]' },
      },
      {
        id: 2,
        body: '<!-- grape-plan:staging -->\nold plan',
        user: { type: 'Bot', login: 'github-actions[bot]' },
      },
      {
        id: 3,
        body: '<!-- grape-plan:staging --> quoted by a person',
        user: { type: 'User', login: 'mallory' },
      },
    ];
    const gh = await runGitHubScript(script, {
      env: env('2 to change'),
      pullRequest: 7,
      state: { comments },
    });
    expect(gh.calls).toEqual(['updateComment 2']);
    expect(gh.comments.map((c) => c.body.includes('2 to change'))).toEqual([false, true, false]);
  });

  it("cuts a long summary below GitHub's 65,536-character limit, keeping the marker and a pointer to the log", async () => {
    const gh = await runGitHubScript(script, { env: env('x'.repeat(200_000)), pullRequest: 7 });
    const body = gh.comments[0]?.body ?? '';
    expect(body.length).toBeLessThan(65_536);
    expect(body.length).toBeGreaterThan(60_000);
    expect(body.startsWith('<!-- grape-plan:staging -->')).toBe(true);
    expect(body).toContain('plan summary truncated');
  });

  it('reports a failed plan (no Markdown file) as failed', async () => {
    const gh = await runGitHubScript(script, {
      env: { ...env(''), GRAPE_PLAN_OUTCOME: 'failure', GRAPE_PLAN_MARKDOWN_FILE: '' },
      pullRequest: 7,
    });
    expect(gh.comments[0]?.body).toContain('plan failed');
    expect(gh.comments[0]?.body).toContain('The plan produced no summary.');
  });

  it('passes the plan to the script as a file path, never as the Markdown or JSON itself', () => {
    const stepEnv = publish.env as Record<string, string>;
    expect(stepEnv['GRAPE_PLAN_MARKDOWN_FILE']).toBe(
      '${{ steps.plan.outputs.plan-markdown-file }}',
    );
    expect(Object.values(stepEnv).join('\n')).not.toMatch(/outputs\.plan-(summary|markdown) /);
  });

  it('outside a pull request writes the job summary only', async () => {
    const gh = await runGitHubScript(script, { env: env('1 to add') });
    expect(gh.calls).toEqual([]);
    expect(gh.summary).toHaveLength(1);
  });
});
