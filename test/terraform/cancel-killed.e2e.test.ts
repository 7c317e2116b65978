/**
 * The runner's kill arriving while terraform is still stopping: SIGINT and SIGTERM, then the node
 * process killed as soon as it has seen the SIGTERM. Terraform (its own process group) must live
 * on — its output pipes kept open, or it would die on its next write — release the state lock,
 * and the post step, run with the saved state, must wait for it and report `cancelled`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { startEngineFixture, STATE_BUCKET, type EngineFixture } from '../harness/engine-fixture.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import { CUSTOMER_ROLE, EXTERNAL_ID, RUNNER_ROLE } from '../harness/identity-fixture.js';
import { copyModule, describeWithTerraform, terraformBinary } from '../harness/terraform-binary.js';
import { signSpec } from '../../src/contract/sign-spec.js';

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
    dispatcher = await listenOnLoopback(async (req, res) => {
      reports.push(JSON.parse((await readBody(req)).toString()) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
    dir = await copyModule('slow');
    const now = Math.floor(Date.now() / 1000);
    const spec = await signSpec(
      {
        v: 1,
        deploymentId,
        tenantId: 'ten_0123456789abcdef0123',
        project: { id: 'prj_0123456789abcdef0123', name: 'network' },
        environment: 'dev',
        operation: 'apply',
        source: { repository: 'acme/grape-runner', ref: 'main', path: '' },
        aws: {
          runnerRoleArn: RUNNER_ROLE,
          roleArn: CUSTOMER_ROLE,
          externalId: EXTERNAL_ID,
          region: 'eu-west-1',
          sessionDurationSeconds: 3600,
        },
        backend: { type: 's3', bucket: STATE_BUCKET, key, region: 'eu-west-1' },
        variables: {},
        callback: { url: `${dispatcher.url}/v1/runs/report`, audience: 'https://grape.test' },
      },
      { key: privateKey, kid: 'k', now, expiresInSeconds: 3600 },
    );
    const inputs = { spec, 'spec-public-key': publicPem, 'engine-path': terraformBinary! };
    main = await runAction({
      cwd: dir,
      inputs,
      env: fx.env(),
      onSpawn: (child) => {
        let stage = 0;
        child.stdout?.on('data', (chunk: Buffer) => {
          const text = chunk.toString();
          if (stage === 0 && text.includes('slow-started')) {
            stage = 1;
            child.kill('SIGINT');
            child.kill('SIGTERM');
          } else if (stage === 1 && text.includes('The runner is stopping this step')) {
            stage = 2;
            lockAtKill = fx.s3.object(STATE_BUCKET, `${key}.tflock`) !== undefined;
            child.kill('SIGKILL');
          }
        });
      },
    });
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
    process.stdout.write(`killed: lock held at the kill: ${lockAtKill}\n`);
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
