/**
 * A working-directory that is a symbolic link out of the workspace: its text passes (it names a
 * folder inside), but the module on disk is elsewhere. The action refuses it before terraform
 * runs, naming the input, the link's target and the fix (contract/module-path.ts).
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { startEngineFixture, type EngineFixture } from '../harness/engine-fixture.js';
import { copyModule, describeWithTerraform } from '../harness/terraform-binary.js';

let fx: EngineFixture;
const dirs: string[] = [];
beforeAll(async () => {
  fx = await startEngineFixture();
}, 60_000);
afterAll(async () => {
  await fx?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describeWithTerraform('a working-directory linked out of the workspace', () => {
  let result: ActionRun;
  let outside: string;
  beforeAll(async () => {
    outside = await copyModule('basic');
    const workspace = await mkdtemp(path.join(tmpdir(), 'grape-link-workspace-'));
    dirs.push(outside, workspace);
    await symlink(outside, path.join(workspace, 'infra'));
    result = await runAction({
      cwd: workspace,
      inputs: fx.inputs({ operation: 'plan', 'working-directory': 'infra' }),
      env: fx.env(),
    });
  }, 120_000);

  it('fails naming the input, where the link leads and the fix, and runs no terraform', () => {
    expect(result.exitCode).toBe(1);
    expect(result.errors.at(-1)).toMatch(
      /^Input 'working-directory' is 'infra': leads through a symbolic link to .+, outside the source root \(.+\)\. Use a path inside the repository, e\.g\. 'infra\/prod', that is a directory rather than a link out of it\.$/,
    );
    expect(result.stdout).not.toContain('[command]');
  });
});
