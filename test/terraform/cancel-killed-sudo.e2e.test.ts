/**
 * test/terraform/cancel-killed.e2e.test.ts through sudo: the action runs as the user `runner`
 * (runner-user.ts) and isolates terraform through `sudo … setpriv` as a uid of its own. The
 * runner's SIGINT and SIGTERM reach terraform through sudo (which relays them), the node process
 * is killed while terraform is still stopping, and terraform — under sudo, in its own process
 * group — lives on, releases the lock; the post step, as `runner`, waits for it (the pid it waits
 * for is sudo's), reports `cancelled`, and nothing is left running as the engine's uid.
 */
import { generateKeyPairSync } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { applySpec } from '../harness/apply-spec.js';
import { startEngineFixture, STATE_BUCKET, type EngineFixture } from '../harness/engine-fixture.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import { reportsOnly } from '../harness/report-endpoint.js';
import {
  giveToRunner,
  nodeAsRunner,
  runnerUser,
  runnerUserMissing,
} from '../harness/runner-user.js';
import type { Hold } from '../harness/s3.js';
import { processesOf } from '../harness/processes-of.js';
import { copyModule, terraformBinary } from '../harness/terraform-binary.js';
import { signSpec } from '../../contract/sign-spec.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const key = 'e2e/cancel-killed-sudo/terraform.tfstate';
const deploymentId = 'dep_0123456789abcdef0d5e';
const THROUGH_SUDO = /Tenant isolation: terraform runs through sudo as uid (\d+), gid \1 /;
const reason = !terraformBinary
  ? ' [skipped: no terraform binary; set GRAPE_TEST_TERRAFORM]'
  : runnerUserMissing
    ? ` [skipped: ${runnerUserMissing}]`
    : '';

(reason ? describe.skip : describe)(
  `the main step killed while isolated terraform is still stopping, through sudo${reason}`,
  () => {
    let fx: EngineFixture;
    let dispatcher: LoopbackServer;
    let dir: string;
    let node: string;
    const reports: Array<Record<string, unknown>> = [];
    let main: ActionRun;
    let post: ActionRun;
    let lockAtKill: boolean | undefined;
    let engineUid = -1;
    let engineAtKill: number[] = [];

    beforeAll(async () => {
      fx = await startEngineFixture();
      await giveToRunner(fx.toolCache, runnerUser!);
      dispatcher = await listenOnLoopback(
        reportsOnly(async (req, res) => {
          reports.push(JSON.parse((await readBody(req)).toString()) as Record<string, unknown>);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
        }),
      );
      dir = await copyModule('slow');
      await giveToRunner(dir, runnerUser!);
      node = await nodeAsRunner();
      const now = Math.floor(Date.now() / 1000);
      const spec = await signSpec(
        {
          ...applySpec(deploymentId, key, `${dispatcher.url}/v1/runs/report`),
          requireIsolation: true,
        },
        { key: privateKey, kid: 'k', now, expiresInSeconds: 3600 },
      );
      const inputs = { spec, 'spec-public-key': publicPem, 'engine-path': terraformBinary! };
      const env = fx.env({ HOME: runnerUser!.home });
      let lockDelete: Hold | undefined;
      main = await runAction({
        cwd: dir,
        node,
        inputs,
        env,
        onSpawn: (child) => {
          // The runner's order (actions/runner ProcessInvoker.cs CancelAndKillProcessTree), each
          // signal once the step has answered the one before (see cancel-killed.e2e.test.ts).
          const steps: Array<[string, () => void]> = [
            [
              'slow-started',
              () => {
                engineUid = Number(THROUGH_SUDO.exec(seenAll)?.[1]);
                lockDelete = fx.s3.hold(
                  (method, k) => method === 'DELETE' && k === `${key}.tflock`,
                );
                child.kill('SIGINT');
              },
            ],
            ['Cancellation received', () => child.kill('SIGTERM')],
            [
              'The runner is stopping this step',
              () => {
                lockAtKill = fx.s3.object(STATE_BUCKET, `${key}.tflock`) !== undefined;
                child.kill('SIGKILL');
              },
            ],
          ];
          let seen = '';
          let seenAll = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            seenAll += chunk.toString();
            while (steps.length > 0 && seen.includes(steps[0]![0])) {
              seen = seen.slice(seen.indexOf(steps[0]![0]) + steps[0]![0].length);
              steps.shift()![1]();
            }
          });
        },
      });
      engineAtKill = await processesOf(engineUid);
      lockDelete?.release();
      post = await runAction({ cwd: dir, node, inputs, env, entry: 'post.js', state: main.state });
    }, 180_000);
    afterAll(async () => {
      await fx?.close();
      await dispatcher?.close();
      await rm(dir, { recursive: true, force: true });
      if (node) await rm(path.dirname(node), { recursive: true, force: true });
    });

    it('was killed by the runner while terraform, under sudo as its own uid, lived on', () => {
      expect(main.exitCode).toBeNull();
      expect(engineUid).toBeGreaterThan(0);
      expect(engineAtKill.length).toBeGreaterThan(0);
    });

    it('leaves the lock released once the post step is done, with the state written', () => {
      expect(lockAtKill).toBe(true);
      expect(fx.s3.object(STATE_BUCKET, `${key}.tflock`)).toBeUndefined();
      const state = JSON.parse(fx.s3.object(STATE_BUCKET, key)!.body.toString()) as {
        resources: Array<{ name: string }>;
      };
      expect(state.resources.map((r) => r.name)).toContain('quick');
    });

    it('tells the dispatcher the run was cancelled, and leaves nothing running as the engine uid', async () => {
      expect(reports.map((r) => [r['deploymentId'], r['status']])).toContainEqual([
        deploymentId,
        'cancelled',
      ]);
      expect(post.exitCode).toBe(0);
      expect(await processesOf(engineUid)).toEqual([]);
    });
  },
);
