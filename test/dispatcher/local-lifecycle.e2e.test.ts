/**
 * A local project's whole life through the CLI, as a user runs it against `npm start` (embedded
 * database, local executor, the real Terraform, the bundled action): plan → approve → apply, a
 * restart, a second apply with no changes, destroy. The state persists under the data dir, the
 * approved plan comes from the local plan store, the facts follow, and the exit codes tell
 * "awaiting approval" from success and failure.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../harness/action-runner.js';
import { terraformBinary } from '../harness/terraform-binary.js';
import {
  buildOnce,
  freePort,
  grape,
  serverEnv,
  startServer,
  type LiveServer,
} from './helpers/live-dispatcher.js';

let dataDir: string;
let sourceDir: string;
let env: NodeJS.ProcessEnv;
let cli: NodeJS.ProcessEnv;
let server: LiveServer | undefined;

const DEP = /dep_[0-9a-f]{20}/;
const stateFile = (tenantId: string, projectId: string) =>
  path.join(dataDir, 'state', tenantId, projectId, 'dev', 'terraform.tfstate');
const resources = async (file: string): Promise<string[]> =>
  (JSON.parse(await readFile(file, 'utf8')) as { resources: Array<{ name: string }> }).resources
    .map((r) => r.name)
    .sort();
const facts = (): string =>
  execFileSync('git', ['show', 'main:facts/web/dev.yaml'], {
    cwd: path.join(dataDir, 'gitops.git'),
    encoding: 'utf8',
  });

(terraformBinary ? describe : describe.skip)(
  'a local project: plan → approve → apply → again → destroy',
  () => {
    let projectId: string;
    let tenantId: string;
    let planId: string;

    beforeAll(async () => {
      buildOnce();
      dataDir = await mkdtemp(path.join(tmpdir(), 'grape-local-life-'));
      sourceDir = await mkdtemp(path.join(tmpdir(), 'grape-local-src-'));
      await cp(path.join(repoRoot, 'examples/hello-infra'), path.join(sourceDir, 'infra'), {
        recursive: true,
      });
      env = serverEnv(dataDir, await freePort(), { GRAPE_LOCAL_SOURCE_DIR: sourceDir });
      server = await startServer(env, /export GRAPE_TOKEN=grape_[0-9a-f]{64}/);
      const token = /export GRAPE_TOKEN=(grape_[0-9a-f]{64})/.exec(server.output())![1]!;
      cli = { ...env, GRAPE_URL: server.url, GRAPE_TOKEN: token };
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(sourceDir, { recursive: true, force: true });
    });

    it('creates a project for a module on this machine without naming a repository', async () => {
      const created = await grape(
        [
          'project',
          'create',
          '--tenant',
          'demo',
          '--name',
          'web',
          '--path',
          'infra',
          '--region',
          'us-east-1',
        ],
        env,
      );
      expect(created.code).toBe(0);
      projectId = /^(prj_\w+)\tweb\t/.exec(created.stdout)![1]!;
      tenantId = /^(ten_\w+)\tdemo$/m.exec((await grape(['tenant', 'list'], env)).stdout)![1]!;
    }, 60_000);

    it('plans, shows the phases as they happen, and exits 4: awaiting approval', async () => {
      const plan = await grape(
        [
          'deploy',
          '--project',
          'web',
          '--env',
          'dev',
          '--operation',
          'plan',
          '--wait',
          '--interval',
          '0.3',
        ],
        cli,
        240_000,
      );
      expect(plan.code).toBe(4);
      planId = DEP.exec(plan.stdout)![0];
      expect(plan.stdout).toContain(`${planId}  · terraform plan`);
      expect(plan.stdout.trim().split('\n').at(-1)).toMatch(
        new RegExp(`^${planId}  awaiting-approval`),
      );
      expect(plan.stderr).toContain(`grape approve ${planId}`);
      const shown = JSON.parse((await grape(['show', planId, '--json'], cli)).stdout) as {
        plan: { hasChanges: boolean; summary: Record<string, number> };
      };
      expect(shown.plan).toMatchObject({ hasChanges: true, summary: { create: 2 } });
    }, 300_000);

    it('applies exactly the approved plan from the local plan store, and keeps the state', async () => {
      const approved = await grape(
        ['approve', planId, '--wait', '--interval', '0.3'],
        cli,
        240_000,
      );
      expect(approved.code).toBe(0);
      expect(approved.stdout.trim().split('\n').at(-1)).toMatch(/ {2}succeeded/);
      const applyId = DEP.exec(approved.stdout)![0];
      expect((await grape(['logs', applyId], cli)).stdout).toContain(
        `Fetched the approved plan ${planId}`,
      );
      expect(await resources(stateFile(tenantId, projectId))).toEqual(['database', 'network']);
      expect(facts()).toContain('vpc_cidr: 10.42.0.0/16');
    }, 300_000);

    it('after a restart, a second apply finds nothing to change', async () => {
      await server!.stop();
      server = await startServer(env);
      const again = await grape(
        [
          'deploy',
          '--project',
          'web',
          '--env',
          'dev',
          '--operation',
          'apply',
          '--wait',
          '--interval',
          '0.3',
          '--json',
        ],
        cli,
        240_000,
      );
      expect(again.code).toBe(0);
      const view = JSON.parse(again.stdout) as {
        id: string;
        status: string;
        plan: { hasChanges: boolean };
      };
      expect(view).toMatchObject({ status: 'succeeded', plan: { hasChanges: false } });
      expect((await grape(['logs', view.id], cli)).stdout).toContain('No changes');
    }, 300_000);

    it('destroys what the apply made, and the facts say so', async () => {
      const destroyed = await grape(
        [
          'deploy',
          '--project',
          'web',
          '--env',
          'dev',
          '--operation',
          'destroy',
          '--wait',
          '--interval',
          '0.3',
        ],
        cli,
        240_000,
      );
      expect(destroyed.code).toBe(0);
      expect(await resources(stateFile(tenantId, projectId))).toEqual([]);
      expect(facts()).toMatch(/^facts: \{\}$/m);
    }, 300_000);

    it('lists the deployments, newest first, with filters and as JSON', async () => {
      const list = JSON.parse(
        (await grape(['deployments', '--project', 'web', '--env', 'dev', '--json'], cli)).stdout,
      ) as { items: Array<{ operation: string; status: string }> };
      expect(list.items.map((d) => `${d.operation} ${d.status}`)).toEqual([
        'destroy succeeded',
        'apply succeeded',
        'apply succeeded',
        'plan succeeded',
      ]);
      const plans = await grape(['deployments', '--status', 'succeeded', '--limit', '1'], cli);
      expect(plans.stdout.trim().split('\n')).toHaveLength(1);
    }, 60_000);

    it.each([
      [['show', 'nope'], "grape: 'nope' is not a deployment id: use the dep_… id"],
      [
        ['deployments', '--status', 'done'],
        "grape: --status 'done' is not a status: use one of queued,",
      ],
      [['deployments', '--limit', '0'], "grape: --limit '0' is not a number from 1 to 200"],
      [
        ['deploy', '--project', 'web', '--env', 'dev', '--interval', 'soon'],
        "grape: --interval 'soon' is not a number of seconds",
      ],
      [
        ['cancel', 'dep_0123456789abcdef0123'],
        "grape: The dispatcher answered 404: No deployment 'dep_0123456789abcdef0123'",
      ],
    ])(
      'grape %j fails with exit code 1, naming the problem',
      async (args, message) => {
        const result = await grape(args, cli);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      },
      30_000,
    );

    it('prints its version', async () => {
      const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect((await grape(['--version'], cli)).stdout.trim()).toBe(pkg.version);
    }, 30_000);
  },
);
