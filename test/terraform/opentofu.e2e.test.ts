/**
 * OpenTofu through the bundle: installed from the mirror's OpenTofu layout (tofu_<v>_…,
 * SHA256SUMS.gpgsig, api.json), verified, and run — the engine is a stand-in script answering the
 * CLI subset Grape uses, since OpenTofu cannot be installed on the test machines.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { startEngineFixture, type EngineFixture } from '../harness/engine-fixture.js';
import { tofuStandIn } from '../harness/release-mirror.js';
import { describeWithTerraform } from '../harness/terraform-binary.js';

let fx: EngineFixture;
let dir: string;
let result: ActionRun;
beforeAll(async () => {
  fx = await startEngineFixture();
  await fx.mirror.addRelease({
    product: 'tofu',
    version: '1.8.3',
    binary: await tofuStandIn('1.8.3'),
  });
  fx.mirror.listVersions('tofu', ['1.7.0', '1.9.0-rc1']);
  dir = await mkdtemp(path.join(tmpdir(), 'grape-tofu-'));
  await writeFile(path.join(dir, 'main.tf'), 'terraform { required_version = "~> 1.8.0" }\n');
  await writeFile(path.join(dir, 'main.tofu'), 'terraform { required_version = "~> 1.8.0" }\n');
  result = await runAction({
    cwd: dir,
    inputs: fx.inputs({ engine: 'opentofu', 'engine-version': '', operation: 'apply' }),
    env: fx.env(),
  });
}, 60_000);
afterAll(async () => {
  await fx?.close();
  await rm(dir, { recursive: true, force: true });
});

describeWithTerraform('OpenTofu from a mirror', () => {
  it('picks the highest release allowed by required_version and verifies it with the mirror key', () => {
    expect(result.errors).toEqual([]);
    expect(result.stdout).toContain(
      "opentofu 1.8.3 (chosen by highest release satisfying required_version '~> 1.8.0' (main.tofu)).",
    );
    expect(result.stdout).toMatch(
      /Verified tofu_1\.8\.3_linux_amd64\.zip: SHA256SUMS signed by the key in 'release-signing-key'/,
    );
    expect(fx.mirror.requests).toContain('/tofu/1.8.3/tofu_1.8.3_SHA256SUMS.gpgsig');
  });

  it('plans, summarises and applies with the tofu binary', () => {
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'has-changes': 'true', add: '1' });
    expect(result.stdout).toMatch(/\[command\]\S+\/tofu apply -input=false -json/);
    expect(result.summary).toContain('### tofu plan');
  });
});
