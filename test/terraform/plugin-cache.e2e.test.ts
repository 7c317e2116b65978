/**
 * The provider plugin cache across two runs, through the real @actions/cache (bundled in dist)
 * and a cache service v2 stand-in that matches entries by key and version as GitHub does. The
 * first run misses and saves; the second run, on a fresh machine (empty plugin directory, same
 * workspace and tool-cache paths, as on a hosted runner), finds the same key and version and
 * restores the directory.
 *
 * No provider can be downloaded here, so the plugin directory starts with one provider-shaped
 * file, as a previous `init` on that machine would have left it: what the test follows is that
 * file's round trip through the cache service.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import {
  startCacheService,
  versionFor,
  type CacheServiceStandIn,
} from '../harness/cache-service.js';
import { copyModule, describeWithTerraform, terraformBinary } from '../harness/terraform-binary.js';

const LOCK_FILE = `# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.
`;
const PROVIDER = path.join(
  'registry.terraform.io',
  'hashicorp',
  'null',
  '3.2.3',
  'linux_amd64',
  'terraform-provider-null_v3.2.3_x5',
);

describeWithTerraform('the provider plugin cache on two runs', () => {
  let service: CacheServiceStandIn;
  let module: string;
  let toolCache: string;
  let pluginDir: string;
  const runs: ActionRun[] = [];
  const plan = () =>
    runAction({
      cwd: module,
      inputs: { operation: 'plan', 'engine-path': terraformBinary! },
      env: {
        ...service.env,
        RUNNER_TOOL_CACHE: toolCache,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
      },
    });

  beforeAll(async () => {
    service = await startCacheService();
    module = await copyModule('basic');
    await writeFile(path.join(module, '.terraform.lock.hcl'), LOCK_FILE);
    toolCache = await mkdtemp(path.join(tmpdir(), 'grape-tool-cache-'));
    const platform = `${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
    pluginDir = path.join(toolCache, 'grape-plugin-cache', `terraform-${platform}`);
    await mkdir(path.dirname(path.join(pluginDir, PROVIDER)), { recursive: true });
    await writeFile(path.join(pluginDir, PROVIDER), 'provider binary');
    runs.push(await plan());
    // A fresh machine: nothing left of the first run's plugins.
    await rm(pluginDir, { recursive: true, force: true });
    runs.push(await plan());
  }, 180_000);
  afterAll(async () => {
    await service?.close();
    await rm(module, { recursive: true, force: true });
    await rm(toolCache, { recursive: true, force: true });
  });

  it('both runs succeed', () => {
    expect(runs.map((r) => [r.exitCode, r.errors])).toEqual([
      [0, []],
      [0, []],
    ]);
  });

  it('misses and saves on the first run, then hits with the same key and version on the second', () => {
    expect(service.calls.map((c) => [c.method, c.hit])).toEqual([
      ['GetCacheEntryDownloadURL', false],
      ['CreateCacheEntry', undefined],
      ['FinalizeCacheEntryUpload', undefined],
      ['GetCacheEntryDownloadURL', true],
    ]);
    const [firstLookup, , , secondLookup] = service.calls;
    expect(secondLookup!.key).toBe(firstLookup!.key);
    expect(secondLookup!.version).toBe(firstLookup!.version);
    expect(firstLookup!.key).toMatch(/^grape-plugins-terraform-[a-z0-9]+-[a-z0-9]+-[0-9a-f]{32}$/);
    expect(runs[1]!.stdout).toContain(
      `Restored provider plugins from the cache (${firstLookup!.key}).`,
    );
  });

  it('versions the entry by the stable plugin directory, as @actions/cache computes it', () => {
    const version = service.calls[0]!.version;
    const candidates = ['zstd-without-long', 'zstd', 'gzip'].map((c) => versionFor([pluginDir], c));
    expect(candidates).toContain(version);
  });

  it('brings the plugin directory back on the second run', async () => {
    expect(await readFile(path.join(pluginDir, PROVIDER), 'utf8')).toBe('provider binary');
  });
});
