/**
 * Isolation through a real sudo, the way GitHub-hosted runners allow it: the action runs as the
 * ordinary user `runner` with passwordless sudo (runner-user.ts), and terraform through
 * `sudo -n … setpriv` as a uid of its own. The hostile module (test/fixtures/modules/hostile)
 * fails at everything the root path blocks, and the honest apply succeeds; a cancelled isolated
 * run stops terraform gracefully through sudo (the runner's signal reaches it) and leaves nothing
 * running as the engine's uid.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { startEngineFixture, STATE_BUCKET, type EngineFixture } from '../harness/engine-fixture.js';
import {
  BLOCKED_WHEN_ISOLATED,
  attempts,
  leftover,
  running,
  startHostileWorld,
  type HostileWorld,
} from '../harness/hostile-world.js';
import {
  giveToRunner,
  nodeAsRunner,
  runnerUser,
  runnerUserMissing,
} from '../harness/runner-user.js';
import { processesOf } from '../harness/processes-of.js';
import { copyModule, terraformBinary } from '../harness/terraform-binary.js';

const reason = !terraformBinary
  ? ' [skipped: no terraform binary; set GRAPE_TEST_TERRAFORM]'
  : runnerUserMissing
    ? ` [skipped: ${runnerUserMissing}]`
    : '';
const suite = reason ? describe.skip : describe;
const ATTEMPTS = Object.keys(BLOCKED_WHEN_ISOLATED);
const THROUGH_SUDO =
  /Tenant isolation: terraform runs through sudo as uid (\d+), gid \1 \(this run's own, no account\)\./;

suite(`isolation through sudo, the action running as the runner user${reason}`, () => {
  describe('a hostile module', () => {
    let world: HostileWorld;
    let result: ActionRun;
    beforeAll(async () => {
      world = await startHostileWorld({ runAs: runnerUser! });
      result = await world.runDispatched('dep_hostilesudo000000001');
    }, 180_000);
    afterAll(() => world?.close());

    it('isolates through sudo as a uid of its own (the action is not root)', () => {
      expect(result.stdout).toMatch(THROUGH_SUDO);
    });

    it.each(ATTEMPTS)('%s fails', (name) => {
      expect(attempts(result)[name]).toMatch(BLOCKED_WHEN_ISOLATED[name]!);
    });

    it('leaves no process of the module running', async () => {
      expect(leftover(result)).toBeGreaterThan(0);
      expect(await running(leftover(result))).toBe(false);
      expect(await processesOf(Number(THROUGH_SUDO.exec(result.stdout)![1]))).toEqual([]);
    });

    it('leaves nothing in the step, and the honest apply succeeds with its report accepted', () => {
      expect(result.exportedEnv).not.toHaveProperty('HOSTILE_INJECTED');
      expect(result.fileCommandErrors).toEqual([]);
      expect([result.exitCode, result.errors]).toEqual([0, []]);
      expect(world.reports.filter((r) => r.accepted).map((r) => r.body)).toEqual([
        expect.objectContaining({ deploymentId: 'dep_hostilesudo000000001', status: 'succeeded' }),
      ]);
    });

    it("has the post step, as the runner user, delete the engine's directory (through sudo)", async () => {
      const recorded = JSON.parse(result.state['grape-temp-paths'] ?? '[]') as string[];
      const sandbox = recorded.find((p) => path.basename(p).startsWith('grape-engine-'));
      expect(sandbox).toBe(`/tmp/grape-engine-${THROUGH_SUDO.exec(result.stdout)![1]}`);
      const post = await runAction({ entry: 'post.js', state: result.state, node: world.node! });
      expect([post.exitCode, post.errors]).toEqual([0, []]);
      await expect(stat(sandbox!)).rejects.toThrow(/ENOENT/);
    });
  });

  describe('a cancelled run (SIGTERM to the action mid-apply)', () => {
    const key = 'e2e/cancel-sudo/terraform.tfstate';
    let fx: EngineFixture;
    let dir: string;
    let node: string;
    let result: ActionRun;
    let engineUid: number;
    let engineWhileRunning: number[] = [];
    beforeAll(async () => {
      fx = await startEngineFixture();
      await giveToRunner(fx.toolCache, runnerUser!);
      dir = await copyModule('slow');
      await giveToRunner(dir, runnerUser!);
      node = await nodeAsRunner();
      let seen = '';
      result = await runAction({
        cwd: dir,
        node,
        inputs: fx.inputs({
          operation: 'apply',
          'backend-config': fx.backendConfig(key),
          isolation: 'required',
        }),
        env: fx.env({ HOME: runnerUser!.home }),
        onSpawn: (child) => {
          let sent = false;
          child.stdout?.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            if (!sent && seen.includes('slow-started')) {
              sent = true;
              engineUid = Number(THROUGH_SUDO.exec(seen)?.[1]);
              void processesOf(engineUid).then((pids) => {
                engineWhileRunning = pids;
                child.kill('SIGTERM');
              });
            }
          });
        },
      });
      await runAction({ cwd: dir, node, entry: 'post.js', state: result.state, env: fx.env() });
    }, 120_000);
    afterAll(async () => {
      await fx?.close();
      await rm(dir, { recursive: true, force: true });
      if (node) await rm(path.dirname(node), { recursive: true, force: true });
    });

    it("reaches terraform through sudo: one interrupt, terraform's graceful stop", () => {
      expect(engineWhileRunning.length).toBeGreaterThan(0);
      expect(result.stdout).toMatch(
        /::warning::Cancellation received: asked terraform to stop gracefully \(SIGINT\)/,
      );
      expect(result.stdout).toContain('Interrupt received.');
      expect(result.exitCode).toBe(1);
      expect(result.errors.at(-1)).toMatch(
        /^Cancelled during `terraform apply`: terraform was stopped gracefully \(exit \d+\) so it could write its state and release the lock\.$/,
      );
    });

    it('leaves the state written, the lock released and nothing running as the engine uid', async () => {
      const state = JSON.parse(fx.s3.object(STATE_BUCKET, key)!.body.toString()) as {
        resources: Array<{ name: string }>;
      };
      expect(state.resources.map((r) => r.name)).toContain('quick');
      expect(fx.s3.object(STATE_BUCKET, `${key}.tflock`)).toBeUndefined();
      expect(await processesOf(engineUid)).toEqual([]);
    });
  });
});
