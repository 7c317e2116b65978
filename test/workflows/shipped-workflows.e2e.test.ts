/**
 * Every shipped workflow job that uses the action, and every workflow snippet of
 * README.md and docs/, runs through the runner emulation for the events it declares — a realistic
 * github context (GitHub's example webhook payloads), expressions evaluated, the bundled dist doing
 * the real work against real Terraform and the loopback stand-ins (workflow-world.ts). A mismatch
 * between a workflow and the action (an input it does not have, a wrong type, a missing required
 * input, the action failing) fails the test. Prints how many jobs and snippets ran.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { documentFiles } from '../docs/docs-context.js';
import { extractSnippets } from '../docs/markdown-snippets.js';
import { EXTERNAL_ID } from '../harness/identity-fixture.js';
import { describeWithTerraform } from '../harness/terraform-binary.js';
import { runEmulatedWorkflow, type WorkflowRun } from './emulated-workflow.js';
import { githubContext } from './workflow-events.js';
import { loadWorkflow, repoRoot, type Workflow } from './workflow-files.js';
import { startWorkflowWorld, type WorkflowWorld } from './workflow-world.js';

type Event = 'pull_request' | 'push' | 'workflow_dispatch' | 'schedule';

let world: WorkflowWorld;
const ran = { jobs: 0, failedJobs: [] as string[], snippets: 0, lines: [] as string[] };

async function run(
  label: string,
  workflow: Workflow,
  event: Event,
  inputs: Record<string, unknown> = {},
): Promise<WorkflowRun> {
  const result = await runEmulatedWorkflow({
    label: `${label} [${event}]`,
    workflow,
    event,
    github: githubContext(event, world.api.url, inputs),
    inputs,
    vars: { GRAPE_EXTERNAL_ID: EXTERNAL_ID },
    secrets: { GITOPS_TOKEN: 'ghs_gitopsToken00000000000000000000000' },
    world,
  });
  for (const job of result.jobs) {
    ran.jobs++;
    ran.lines.push(
      `  ${job.label}: ${job.result} (${job.steps.map((s) => `${s.name}=${s.outcome}`).join(', ')})`,
    );
  }
  ran.lines.push(...errorsOf(result).map((e) => `    ${e}`));
  return result;
}

/** Every step's error annotations and file-command refusals, for a readable failure. */
const errorsOf = (result: WorkflowRun): string[] =>
  result.jobs.flatMap((job) =>
    job.steps.flatMap((step) => [
      ...[...(step.result?.stdout ?? '').matchAll(/^::error[^:]*::(.*)$/gm)].map(
        (m) => `${job.label} / ${step.name}: ${m[1]}`,
      ),
      ...(step.result?.errors ?? []).map((e) => `${job.label} / ${step.name}: ${e}`),
    ]),
  );

const jobResults = (result: WorkflowRun): Record<string, string> =>
  Object.fromEntries(result.jobs.map((j) => [j.label, j.result]));

describeWithTerraform(
  'the shipped workflows and documented snippets, run through the runner emulation',
  () => {
    beforeAll(async () => {
      world = await startWorkflowWorld();
    }, 60_000);
    afterAll(async () => {
      await world?.close();
      process.stdout.write(
        `\nRunner emulation: ${ran.jobs} workflow jobs and ${ran.snippets} documentation snippets ran end to end\n${ran.lines.join('\n')}\n`,
      );
    });

    it('drift-check.yml on schedule: plans both environments, finds the drift, opens one issue each and fails', async () => {
      const result = await run(
        'workflows/examples/drift-check.yml',
        loadWorkflow('workflows/examples/drift-check.yml'),
        'schedule',
      );
      expect(result.problems).toEqual([]);
      expect(result.jobs).toHaveLength(2);
      for (const job of result.jobs) {
        expect(job.steps.map((s) => `${s.name}=${s.outcome}`)).toEqual([
          'Check out=success',
          'Plan=success',
          'Report drift=success',
          'Fail on drift=failure',
          'Post Plan=success',
        ]);
      }
      expect(errorsOf(result).join('\n')).toMatch(
        /drift \(staging\) \/ Fail on drift: the plan is not empty: 1 to add/,
      );
      expect(world.scripts.issues.map((i) => i.title).sort()).toEqual([
        'Drift in production',
        'Drift in staging',
      ]);
    }, 600_000);

    it('deploy.yml on pull_request: plans staging and production through grape-deploy.yml, one PR comment each', async () => {
      const result = await run(
        'workflows/examples/deploy.yml',
        loadWorkflow('workflows/examples/deploy.yml'),
        'pull_request',
      );
      expect(result.problems).toEqual([]);
      expect(errorsOf(result)).toEqual([]);
      expect(jobResults(result)).toEqual({
        'workflows/examples/deploy.yml [pull_request]:staging → workflows/grape-deploy.yml:plan':
          'success',
        'workflows/examples/deploy.yml [pull_request]:production → workflows/grape-deploy.yml:plan':
          'success',
      });
      expect(result.results['staging']?.outputs['has-changes']).toBe('true');
      expect(world.scripts.comments.map((c) => c.body.split('\n')[0])).toEqual([
        '<!-- grape-plan:staging -->',
        '<!-- grape-plan:production -->',
      ]);
    }, 600_000);

    it('deploy.yml on push to main: applies staging then production in their environments and commits the facts', async () => {
      const result = await run(
        'workflows/examples/deploy.yml',
        loadWorkflow('workflows/examples/deploy.yml'),
        'push',
      );
      expect(result.problems).toEqual([]);
      expect(errorsOf(result)).toEqual([]);
      expect(Object.values(jobResults(result))).toEqual(['success', 'success']);
      expect(result.results['production']?.outputs['facts-commit']).toMatch(/^[0-9a-f]{40}$/);
      expect(await world.gitops.git(['show', 'main:clusters/staging/infra-facts.yaml'])).toContain(
        'environment: staging',
      );
      expect(
        await world.gitops.git(['show', 'main:clusters/production/infra-facts.yaml']),
      ).toContain('cluster_endpoint');
    }, 600_000);

    it('deploy.yml on workflow_dispatch: runs the chosen operation for the chosen environment only', async () => {
      const result = await run(
        'workflows/examples/deploy.yml',
        loadWorkflow('workflows/examples/deploy.yml'),
        'workflow_dispatch',
        { environment: 'staging', operation: 'plan' },
      );
      expect(result.problems).toEqual([]);
      expect(jobResults(result)).toEqual({
        'workflows/examples/deploy.yml [workflow_dispatch]:staging → workflows/grape-deploy.yml:plan':
          'success',
      });
      expect(result.results['production']?.result).toBe('skipped');
    }, 600_000);

    it('drift-check.yml on workflow_dispatch after the apply: no drift, both jobs succeed', async () => {
      const result = await run(
        'workflows/examples/drift-check.yml',
        loadWorkflow('workflows/examples/drift-check.yml'),
        'workflow_dispatch',
      );
      expect(result.problems).toEqual([]);
      expect(Object.values(jobResults(result))).toEqual(['success', 'success']);
    }, 600_000);

    it('grape-deploy.yml called with `variables` as it documents them (a JSON object) plans with them', async () => {
      const caller = parse(`
on: pull_request
jobs:
  staging:
    uses: grape/deploy/.github/workflows/grape-deploy.yml@v1
    permissions: { contents: read, id-token: write, pull-requests: write }
    with:
      environment: staging
      role-arn: arn:aws:iam::111122223333:role/github-deploy
      plan-role-arn: arn:aws:iam::111122223333:role/github-plan
      aws-region: eu-west-1
      working-directory: infra/envs/staging
      variables: '{"environment": "staging-eu"}'
`) as Workflow;
      const result = await run('a caller of grape-deploy.yml', caller, 'pull_request');
      expect(result.problems).toEqual([]);
      expect(errorsOf(result)).toEqual([]);
      const plan = result.jobs[0]!.steps.find((s) => s.name === 'Plan');
      expect(plan?.inputs?.['variables']).toBe('{"environment": "staging-eu"}');
      expect(plan?.result?.outputs['plan-summary']).toContain('terraform_data.network');
    }, 600_000);

    it('grape-deploy.yml forwards the ExternalSecret hand-off: the apply commits the manifests beside the facts', async () => {
      const caller = parse(`
on: push
jobs:
  staging:
    uses: grape/deploy/.github/workflows/grape-deploy.yml@v1
    permissions: { contents: read, id-token: write, pull-requests: write }
    with:
      environment: staging
      operation: apply
      role-arn: arn:aws:iam::111122223333:role/github-deploy
      aws-region: eu-west-1
      working-directory: infra/envs/staging
      backend-config: |
        bucket=acme-terraform-state-111122223333
        key=staging/app.tfstate
        region=eu-west-1
        use_lockfile=true
      facts-repository: acme/gitops
      facts-path: clusters/staging/handoff-facts.yaml
      facts-external-secrets: bucket_name
      facts-secret-store: ClusterSecretStore/aws-secrets-manager
    secrets:
      facts-token: \${{ secrets.GITOPS_TOKEN }}
`) as Workflow;
      const result = await run('a caller of grape-deploy.yml with the hand-off', caller, 'push');
      expect(result.problems).toEqual([]);
      expect(errorsOf(result)).toEqual([]);
      const apply = result.jobs[0]!.steps.find((s) => s.name === 'Apply');
      expect(apply?.inputs).toMatchObject({
        'facts-external-secrets': 'bucket_name',
        'facts-secret-store': 'ClusterSecretStore/aws-secrets-manager',
      });
      const manifests = await world.gitops.git([
        'show',
        'main:clusters/staging/handoff-facts.external-secrets.yaml',
      ]);
      expect(manifests).toContain('kind: ExternalSecret');
      expect(manifests).toMatch(/kind: ClusterSecretStore\s+name: aws-secrets-manager/);
      expect(manifests).toMatch(/key: acme-[a-z]+-assets/);
    }, 600_000);

    describe('workflow snippets of README.md and docs/', () => {
      const snippets = documentFiles()
        .flatMap((file) => extractSnippets(readFileSync(path.join(repoRoot, file), 'utf8'), file))
        .filter((s) => /^ya?ml$/.test(s.lang) && s.code.includes('grape/deploy@v1'));

      it('finds the documented workflows that use the action', () => {
        expect(snippets.length).toBeGreaterThanOrEqual(3);
      });

      for (const snippet of snippets) {
        it(`${snippet.file}:${snippet.line} runs for every event it declares`, async () => {
          const doc = parse(snippet.code) as unknown;
          // A fragment shows only part of a job: it runs as one job of a workflow started by push;
          // a bare list of steps runs after a checkout, as the page's surrounding job would.
          const checkout = { name: 'Check out', uses: 'actions/checkout@v4' };
          const workflow: Workflow = Array.isArray(doc)
            ? {
                on: 'push',
                permissions: { 'id-token': 'write', contents: 'read' },
                jobs: { snippet: { steps: [checkout, ...doc] } },
              }
            : (doc as Record<string, unknown>)['jobs']
              ? (doc as Workflow)
              : { on: 'push', jobs: { snippet: doc as Workflow['jobs'][string] } };
          const on = workflow['on'];
          const events = (typeof on === 'string' ? [on] : Object.keys(on as object)) as Event[];
          ran.snippets++;
          for (const event of events) {
            const result = await run(`${snippet.file}:${snippet.line}`, workflow, event);
            expect(result.problems).toEqual([]);
            expect(errorsOf(result)).toEqual([]);
            expect(Object.values(jobResults(result))).toEqual(result.jobs.map(() => 'success'));
          }
        }, 600_000);
      }
    });
  },
);
