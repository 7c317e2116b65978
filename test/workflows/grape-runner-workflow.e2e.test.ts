/**
 * workflows/grape-runner.yml run through the runner emulation as the dispatcher starts it
 * (workflow_dispatch with a signed spec): no checkout step, so the action clones the runner
 * repository with the default `github-token` (`${{ github.token }}`), plans, and reports to the
 * dispatcher with the run's OIDC token — for a project without facts (every
 * default the runner materialises must not stop it, and the report must arrive).
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import { signSpec } from '../../contract/sign-spec.js';
import { startGitHttpServer, type GitHttpServer } from '../harness/git-http-server.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import { RUNNER_ROLE } from '../harness/identity-fixture.js';
import { describeWithTerraform, terraformVersion } from '../harness/terraform-binary.js';
import { runEmulatedWorkflow } from './emulated-workflow.js';
import { githubContext } from './workflow-events.js';
import { loadWorkflow } from './workflow-files.js';
import { startWorkflowWorld, TENANT_ID, type WorkflowWorld } from './workflow-world.js';
import { reportsOnly } from '../harness/report-endpoint.js';

const run = promisify(execFile);
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const JOB_TOKEN = 'ghs_emulatedJobToken000000000000000000';

describeWithTerraform(
  'workflows/grape-runner.yml [workflow_dispatch] through the runner emulation',
  () => {
    let world: WorkflowWorld;
    let root: string;
    let git: GitHttpServer;
    let dispatcher: LoopbackServer;
    const reports: { authorization: string | undefined; body: Record<string, unknown> }[] = [];

    beforeAll(async () => {
      world = await startWorkflowWorld();
      root = await mkdtemp(path.join(tmpdir(), 'grape-runner-repo-'));
      const work = path.join(root, 'work', 'stacks', 'network');
      await mkdir(work, { recursive: true });
      await writeFile(
        path.join(work, 'main.tf'),
        'resource "terraform_data" "this" {\n  input = "dev"\n}\n',
      );
      await writeFile(path.join(work, '.terraform-version'), `${terraformVersion}\n`);
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      };
      const cwd = path.join(root, 'work');
      await run('git', ['init', '--quiet', '--initial-branch=main'], { cwd, env });
      await run('git', ['add', '.'], { cwd, env });
      await run('git', ['commit', '--quiet', '-m', 'modules'], { cwd, env });
      await mkdir(path.join(root, 'served', 'acme'), { recursive: true });
      await run(
        'git',
        ['clone', '--quiet', '--bare', cwd, path.join(root, 'served', 'acme', 'grape-runner.git')],
        { env },
      );
      // The workflow passes no source-token: the clone must work with the job's own token.
      git = await startGitHttpServer(path.join(root, 'served'), {
        user: 'x-access-token',
        token: JOB_TOKEN,
      });
      dispatcher = await listenOnLoopback(
        reportsOnly(async (req, res) => {
          reports.push({
            authorization: req.headers.authorization,
            body: JSON.parse((await readBody(req)).toString()),
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
        }),
      );
    }, 60_000);
    afterAll(async () => {
      await Promise.all([world?.close(), git?.close(), dispatcher?.close()]);
      await rm(root, { recursive: true, force: true });
    });

    /** Dispatches one run as the dispatcher would; returns the job and the report it sent. */
    const dispatchRun = async (
      deploymentId: string,
      runnerRoleArn: string,
      extraInputs: Record<string, string> = {},
    ) => {
      const spec: DeploymentSpec = {
        v: 1,
        deploymentId,
        tenantId: TENANT_ID,
        project: { id: 'prj_0123456789abcdef0123', name: 'network' },
        environment: 'dev',
        operation: 'plan',
        source: { repository: 'acme/grape-runner', ref: 'main', path: 'stacks/network' },
        aws: { runnerRoleArn, region: 'eu-west-1', sessionDurationSeconds: 3600 },
        variables: {},
        callback: { url: `${dispatcher.url}/v1/runs/report`, audience: 'https://grape.test' },
      };
      const jws = await signSpec(spec, {
        key: privateKey,
        kid: 'k',
        now: Math.floor(Date.now() / 1000),
        expiresInSeconds: 3600,
      });
      const inputs = {
        spec: jws,
        deployment_id: spec.deploymentId,
        concurrency_group: 'network/dev',
        ...extraInputs,
      };
      const before = reports.length;
      const result = await runEmulatedWorkflow({
        label: 'workflows/grape-runner.yml [workflow_dispatch]',
        workflow: loadWorkflow('workflows/grape-runner.yml'),
        event: 'workflow_dispatch',
        github: {
          ...githubContext('workflow_dispatch', world.api.url, inputs),
          repository: 'acme/grape-runner',
          server_url: git.url,
        },
        inputs,
        vars: {
          GRAPE_SPEC_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
        world,
      });
      const job = result.jobs[0]!;
      process.stdout.write(
        `\nRunner emulation: ${result.jobs.length} workflow job ran end to end\n  ${job.label}: ${job.result} (${job.steps.map((s) => `${s.name}=${s.outcome}`).join(', ')})\n`,
      );
      expect(result.problems).toEqual([]);
      const errors = job.steps.flatMap((s) =>
        [...(s.result?.stdout ?? '').matchAll(/^::error[^:]*::(.*)$/gm)].map((m) => m[1]),
      );
      return { job, errors, reports: reports.slice(before) };
    };
    /** The `sub` claim of the OIDC token a report was sent with. */
    const subOf = (authorization: string | undefined): unknown =>
      JSON.parse(
        Buffer.from(authorization!.replace(/^Bearer /, '').split('.')[1]!, 'base64url').toString(),
      ).sub;

    it('plans the project without facts and reports success to the dispatcher', async () => {
      const { job, errors, reports } = await dispatchRun('dep_0123456789abcdef0123', RUNNER_ROLE);
      expect(errors).toEqual([]);
      expect(job.result).toBe('success');
      expect(git.requests.length).toBeGreaterThan(0);
      expect(reports).toHaveLength(1);
      expect(reports[0]!.body).toMatchObject({
        deploymentId: 'dep_0123456789abcdef0123',
        status: 'succeeded',
      });
      expect(reports[0]!.authorization).toMatch(/^Bearer /);
      // Without runner_environment the job runs in no environment: `sub` names the ref.
      expect(subOf(reports[0]!.authorization)).toBe('repo:acme/grape-runner:ref:refs/heads/main');
    }, 600_000);

    it("runs in the tenant's GitHub environment given runner_environment: the OIDC sub names the tenant and its own hop-1 role trusts it", async () => {
      const { job, errors, reports } = await dispatchRun(
        'dep_0123456789abcdef0124',
        `${RUNNER_ROLE}-${TENANT_ID}`,
        { runner_environment: `grape-${TENANT_ID}` },
      );
      expect(errors).toEqual([]);
      expect(job.result).toBe('success');
      expect(reports).toHaveLength(1);
      expect(reports[0]!.body).toMatchObject({
        deploymentId: 'dep_0123456789abcdef0124',
        status: 'succeeded',
      });
      expect(subOf(reports[0]!.authorization)).toBe(
        `repo:acme/grape-runner:environment:grape-${TENANT_ID}`,
      );
    }, 600_000);

    it("cannot assume another role than its tenant's from the tenant's environment (here the shared one, trusting the ref only)", async () => {
      const { job, errors, reports } = await dispatchRun('dep_0123456789abcdef0125', RUNNER_ROLE, {
        runner_environment: `grape-${TENANT_ID}`,
      });
      expect(job.result).toBe('failure');
      expect(errors).toEqual([
        expect.stringContaining(
          `Could not assume role ${RUNNER_ROLE} with the GitHub OIDC token (AssumeRoleWithWebIdentity): AccessDenied`,
        ),
      ]);
      expect(reports.every((r) => r.body['status'] !== 'succeeded')).toBe(true);
    }, 600_000);
  },
);
