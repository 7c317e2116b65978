/**
 * With a cloned module (a dispatcher spec naming another repository), the repository root is the
 * clone, not GITHUB_WORKSPACE: a `.terraform-version` at the clone's root chooses the engine
 * version for a module in one of its folders, exactly as it does for a checked-out workspace.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../../src/config/config.js';
import { spawnProcess } from '../../src/process/spawn-process.js';
import { runTerraformStep } from '../../src/terraform/run-terraform-step.js';
import { recordingIO } from '../harness/fake-io.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'grape-clone-version-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a cloned module with .terraform-version at the clone root', () => {
  it('takes the version from that file (no release index needed)', async () => {
    const workspace = path.join(work, 'runner-workspace');
    const clone = path.join(work, 'runner-temp', 'grape-source', 'dep_1');
    await mkdir(workspace, { recursive: true });
    await mkdir(path.join(clone, 'stacks', 'app'), { recursive: true });
    await writeFile(path.join(clone, '.terraform-version'), '1.11.4\n');
    await writeFile(path.join(clone, 'stacks', 'app', 'main.tf'), 'terraform {}\n');
    // The tool cache holds 1.11.4: a stand-in that answers `version -json` and fails the rest.
    const cached = path.join(work, 'tool-cache', 'terraform', '1.11.4');
    await mkdir(cached, { recursive: true });
    await writeFile(
      path.join(cached, 'terraform'),
      `#!/bin/sh\n[ "$1" = version ] && echo '{"terraform_version":"1.11.4"}' && exit 0\necho "stand-in: $1 is not run in this test" >&2\nexit 3\n`,
    );
    await chmod(path.join(cached, 'terraform'), 0o755);

    const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: path.join(work, 'runner-temp') };
    const parsed = await parseConfig({
      getInput: (name) => ({ 'working-directory': 'stacks/app' })[name] ?? '',
      env: { ...env, GITHUB_WORKSPACE: clone },
      mask: () => undefined,
    });
    // As spec-config.ts builds it for a spec whose source is another repository.
    const config: Config = {
      ...parsed,
      run: { ...parsed.run, workspace },
      source: {
        kind: 'clone',
        url: 'https://github.com/acme/infra',
        repository: 'acme/infra',
        ref: 'main',
        root: clone,
        token: undefined,
      },
    };
    const io = recordingIO();
    const releaseIndexCalls: string[] = [];
    const outcome = runTerraformStep(
      config,
      { credentials: undefined, accountId: undefined, arn: undefined, region: undefined },
      {
        io,
        env: { ...process.env, ...env },
        fetch: async (url) => {
          releaseIndexCalls.push(String(url));
          throw new Error('no network in this test');
        },
        spawn: spawnProcess,
        toolCache: {
          find: (tool, version) =>
            tool === 'grape-terraform' && version === '1.11.4' ? cached : '',
          cacheDir: async () => {
            throw new Error('nothing is downloaded in this test');
          },
        },
        signals: { on: () => undefined, off: () => undefined },
        cancelGraceMs: 5000,
      },
    );
    // The stand-in refuses `init`: the step fails after the engine was chosen.
    await expect(outcome).rejects.toThrow();
    expect(releaseIndexCalls).toEqual([]);
    expect(io.logs).toContain('terraform 1.11.4 (chosen by .terraform-version).');
  });
});
