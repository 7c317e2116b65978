/**
 * Cancellation: SIGTERM to the action mid-apply is forwarded to terraform as one graceful
 * interrupt; the action waits for terraform to write its state and release the S3 lock file,
 * then fails with a message saying so — instead of dying with the lock held.
 */
import { rm } from 'node:fs/promises';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { startEngineFixture, STATE_BUCKET, type EngineFixture } from '../harness/engine-fixture.js';
import { copyModule, describeWithTerraform } from '../harness/terraform-binary.js';

let fx: EngineFixture;
let dir: string;
beforeAll(async () => {
  fx = await startEngineFixture();
  dir = await copyModule('slow');
}, 60_000);
afterAll(async () => {
  await fx?.close();
  await rm(dir, { recursive: true, force: true });
});

describeWithTerraform('SIGTERM during apply', () => {
  const key = 'e2e/cancel/terraform.tfstate';
  let result: ActionRun;
  let lockSeenWhileRunning = false;
  beforeAll(async () => {
    result = await runAction({
      cwd: dir,
      inputs: fx.inputs({ operation: 'apply', 'backend-config': fx.backendConfig(key) }),
      env: fx.env(),
      onSpawn: (child) => {
        let sent = false;
        child.stdout?.on('data', (chunk: Buffer) => {
          if (!sent && chunk.toString().includes('slow-started')) {
            sent = true;
            lockSeenWhileRunning = fx.s3.object(STATE_BUCKET, `${key}.tflock`) !== undefined;
            child.kill('SIGTERM');
          }
        });
      },
    });
  }, 90_000);

  it('forwards one interrupt to terraform and says so', () => {
    expect(lockSeenWhileRunning).toBe(true);
    expect(result.stdout).toMatch(
      /::warning::Cancellation received: asked terraform to stop gracefully \(SIGINT\)/,
    );
    expect(result.stdout).toContain('Interrupt received.');
  });

  it('fails with a message naming the command and the graceful stop', () => {
    expect(result.exitCode).toBe(1);
    expect(result.errors.at(-1)).toMatch(
      /^Cancelled during `terraform apply`: terraform was stopped gracefully \(exit \d+\) so it could write its state and release the lock\.$/,
    );
  });

  it('left the state written and the lock released', () => {
    const state = JSON.parse(fx.s3.object(STATE_BUCKET, key)!.body.toString()) as {
      resources: Array<{ name: string }>;
    };
    expect(state.resources.map((r) => r.name)).toContain('quick');
    expect(fx.s3.object(STATE_BUCKET, `${key}.tflock`)).toBeUndefined();
  });
});
