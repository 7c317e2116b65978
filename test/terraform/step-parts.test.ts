/** Small parts of the terraform step: the engine environment, diagnostics, the plugin cache guard. */
import { engineEnv } from '../../src/engine/engine-env.js';
import { fromText } from '../../src/engine/diagnostics.js';
import path from 'node:path';
import {
  pluginCacheDir,
  restorePluginCache,
  type CacheService,
} from '../../src/terraform/plugin-cache.js';
import { recordingIO } from '../harness/fake-io.js';

describe('the environment terraform runs in', () => {
  const session = {
    credentials: {
      accessKeyId: 'ASIAX',
      secretAccessKey: 'sk',
      sessionToken: 'tok',
      expiration: new Date(),
    },
    accountId: '1',
    arn: 'a',
    region: 'eu-west-1',
  };
  const env = engineEnv(
    {
      PATH: '/bin',
      ACTIONS_RUNTIME_TOKEN: 'rt',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'idt',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'u',
      INPUT_RELEASE_SIGNING_KEY: 'k',
      AWS_PROFILE: 'dev',
      TF_CLI_ARGS_apply: '-target=x',
    },
    session,
    { TF_VAR_environment: 'prod' },
    '/tmp/plugins',
  );
  it("gets the session's credentials, the variables and non-interactive settings", () => {
    expect(env).toMatchObject({
      PATH: '/bin',
      AWS_ACCESS_KEY_ID: 'ASIAX',
      AWS_SECRET_ACCESS_KEY: 'sk',
      AWS_SESSION_TOKEN: 'tok',
      AWS_REGION: 'eu-west-1',
      TF_VAR_environment: 'prod',
      TF_INPUT: '0',
      TF_IN_AUTOMATION: '1',
      TF_PLUGIN_CACHE_DIR: '/tmp/plugins',
    });
  });
  it("never gets the runner's tokens, the action's inputs, competing AWS profiles or injected CLI args", () => {
    for (const name of [
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'INPUT_RELEASE_SIGNING_KEY',
      'AWS_PROFILE',
      'TF_CLI_ARGS_apply',
    ])
      expect(env[name]).toBeUndefined();
  });
});

describe('human-readable diagnostics (init has no -json)', () => {
  it('finds boxed errors with their file and line', () => {
    const text =
      '\n╷\n│ Error: Unsupported argument\n│\n│   on main.tf line 12, in resource "terraform_data" "x":\n│   12:   bogus = 1\n│\n│ An argument named "bogus" is not expected here.\n╵\n╷\n│ Warning: Deprecated\n│\n│ Something old.\n╵\n';
    expect(fromText(text)).toEqual([
      {
        severity: 'error',
        summary: 'Unsupported argument',
        detail: 'An argument named "bogus" is not expected here.',
        file: 'main.tf',
        line: 12,
      },
      { severity: 'warning', summary: 'Deprecated', detail: 'Something old.' },
    ]);
  });
  it("keeps a summary terraform wrapped onto two lines whole (init's umbrella error)", () => {
    // `terraform init -no-color` 1.11 on a module that does not parse, stderr as printed.
    const text = [
      'Error: Terraform encountered problems during initialisation, including problems',
      'with the configuration, described below.',
      '',
      'The Terraform configuration must be valid before initialization so that',
      'Terraform can determine which modules and providers need to be installed.',
      '',
      '',
      'Error: Invalid expression',
      '',
      '  on main.tf line 5, in resource "terraform_data" "broken":',
      '   5:   input =',
      '   6: }',
      '',
      'Expected the start of an expression, but found an invalid expression token.',
      '',
    ].join('\n');
    expect(fromText(text)).toEqual([
      {
        severity: 'error',
        summary:
          'Terraform encountered problems during initialisation, including problems with the configuration, described below.',
        detail:
          'The Terraform configuration must be valid before initialization so that\nTerraform can determine which modules and providers need to be installed.',
      },
      {
        severity: 'error',
        summary: 'Invalid expression',
        detail: 'Expected the start of an expression, but found an invalid expression token.',
        file: 'main.tf',
        line: 5,
      },
    ]);
  });
});

describe('the provider plugin cache', () => {
  const fakeCache = (): CacheService & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      isFeatureAvailable: () => true,
      restoreCache: async (_p, key) => (calls.push(`restore ${key}`), undefined),
      saveCache: async (_p, key) => (calls.push(`save ${key}`), 1),
    };
  };

  it('is skipped with a debug line when the cache service is unavailable (local runs), without loading @actions/cache', async () => {
    const io = recordingIO();
    const cache = await restorePluginCache(
      '/tmp/p',
      'lock',
      'terraform-linux-amd64',
      io,
      {},
      async () => {
        throw new Error('must not be loaded');
      },
    );
    await cache.save();
    expect(io.logs).toContain(
      'debug: Provider plugin cache not persisted: the Actions cache service is not available (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset).',
    );
    expect(io.annotations).toEqual([]);
  });

  it('is skipped without a lock file', async () => {
    const io = recordingIO();
    await restorePluginCache('/tmp/p', undefined, 't', io, { ACTIONS_RESULTS_URL: 'http://x' });
    expect(io.logs).toContain(
      'debug: Provider plugin cache not persisted: no .terraform.lock.hcl in the working directory.',
    );
  });

  it('restores and saves under a key made from the lock file hash', async () => {
    const service = fakeCache();
    const cache = await restorePluginCache(
      '/tmp/p',
      'provider "x" {}',
      'terraform-linux-amd64',
      recordingIO(),
      { ACTIONS_RESULTS_URL: 'http://x' },
      async () => service,
    );
    await cache.save();
    expect(service.calls).toEqual([
      expect.stringMatching(/^restore grape-plugins-terraform-linux-amd64-[0-9a-f]{32}$/),
      expect.stringMatching(/^save grape-plugins-terraform-linux-amd64-[0-9a-f]{32}$/),
    ]);
  });

  it('never fails the run when the cache service errors', async () => {
    const io = recordingIO();
    const service: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: async () => Promise.reject(new Error('503')),
      saveCache: async () => Promise.reject(new Error('503')),
    };
    const cache = await restorePluginCache(
      '/tmp/p',
      'l',
      't',
      io,
      { ACTIONS_CACHE_URL: 'http://x' },
      async () => service,
    );
    await expect(cache.save()).resolves.toBeUndefined();
    expect(io.annotations.map((a) => a.message)).toEqual([
      'Could not restore cached provider plugins: 503. Continuing without them.',
    ]);
  });
});

describe('the plugin cache directory', () => {
  it('is the same path in every run (the cache version is hashed from it)', () => {
    const env = {
      RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
      RUNNER_TEMP: '/home/runner/work/_temp',
    };
    expect(pluginCacheDir(env, 'terraform-linux-amd64')).toBe(
      path.join('/opt/hostedtoolcache', 'grape-plugin-cache', 'terraform-linux-amd64'),
    );
    expect(pluginCacheDir({ RUNNER_TEMP: '/t' }, 'tofu-linux-arm64')).toBe(
      path.join('/t', 'grape-plugin-cache', 'tofu-linux-arm64'),
    );
  });
});
