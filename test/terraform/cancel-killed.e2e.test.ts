/**
 * The runner's kill arriving while terraform is still stopping: SIGINT and SIGTERM, then the node
 * process killed as soon as it has seen the SIGTERM. Terraform (its own process group) must live
 * on — its output pipes kept open, or it would die on its next write — release the state lock,
 * and the post step, run with the saved state, must wait for it and report `cancelled`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import type { Hold } from '../harness/s3.js';
import { startEngineFixture, STATE_BUCKET, type EngineFixture } from '../harness/engine-fixture.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import { applySpec } from '../harness/apply-spec.js';
import { copyModule, describeWithTerraform, terraformBinary } from '../harness/terraform-binary.js';
import { signSpec } from '../../contract/sign-spec.js';
import { reportsOnly } from '../harness/report-endpoint.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const key = 'e2e/cancel-killed/terraform.tfstate';
const deploymentId = 'dep_0123456789abcdef0d1e';

describeWithTerraform('the main step killed while terraform is still stopping', () => {
  let fx: EngineFixture;
  let dispatcher: LoopbackServer;
  let dir: string;
  const reports: Array<Record<string, unknown>> = [];
  let main: ActionRun;
  let post: ActionRun;
  let lockAtKill: boolean | undefined;

  beforeAll(async () => {
    fx = await startEngineFixture();
    dispatcher = await listenOnLoopback(
      reportsOnly(async (req, res) => {
        reports.push(JSON.parse((await readBody(req)).toString()) as Record<string, unknown>);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
      }),
    );
    dir = await copyModule('slow');
    const now = Math.floor(Date.now() / 1000);
    const spec = await signSpec(applySpec(deploymentId, key, `${dispatcher.url}/v1/runs/report`), {
      key: privateKey,
      kid: 'k',
      now,
      expiresInSeconds: 3600,
    });
    const inputs = { spec, 'spec-public-key': publicPem, 'engine-path': terraformBinary! };
    let lockDelete: Hold | undefined;
    main = await runAction({
      cwd: dir,
      inputs,
      env: fx.env(),
      onSpawn: (child) => {
        // The runner's order (actions/runner ProcessInvoker.cs CancelAndKillProcessTree): SIGINT,
        // SIGTERM later, then the kill. Each signal goes only once the step has answered the one
        // before: two signals sent back to back may reach node's handlers in either order.
        const steps: Array<[string, () => void]> = [
          [
            'slow-started',
            () => {
              // Terraform's last act when it stops is deleting the lock file (apply's, the plan's
              // went before); S3 holds that call, so the runner's kill lands while terraform is
              // still stopping however fast this machine is.
              lockDelete = fx.s3.hold((method, k) => method === 'DELETE' && k === `${key}.tflock`);
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
        child.stdout?.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          while (steps.length > 0 && seen.includes(steps[0]![0])) {
            seen = seen.slice(seen.indexOf(steps[0]![0]) + steps[0]![0].length);
            steps.shift()![1]();
          }
        });
      },
    });
    lockDelete?.release();
    post = await runAction({
      cwd: dir,
      inputs,
      env: fx.env(),
      entry: 'post.js',
      state: main.state,
    });
  }, 180_000);
  afterAll(async () => {
    await fx?.close();
    await dispatcher?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('was killed by the runner', () => {
    expect(main.exitCode).toBeNull();
  });

  it('leaves the lock released once the post step is done, with the state written', () => {
    expect(lockAtKill).toBe(true);
    expect(fx.s3.object(STATE_BUCKET, `${key}.tflock`)).toBeUndefined();
    const state = JSON.parse(fx.s3.object(STATE_BUCKET, key)!.body.toString()) as {
      resources: Array<{ name: string }>;
    };
    expect(state.resources.map((r) => r.name)).toContain('quick');
  });

  it('tells the dispatcher the run was cancelled', () => {
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.map((r) => [r['deploymentId'], r['status']])).toEqual(
      reports.map(() => [deploymentId, 'cancelled']),
    );
    expect(post.exitCode).toBe(0);
  });
});
