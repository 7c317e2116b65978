/**
 * The installer's real code path against a loopback release mirror: a zip made from the real
 * terraform binary, SHA256SUMS signed with a test key. Verified installs are cached and a cached
 * install touches no network; every kind of tampering is refused and nothing is cached or run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as toolCache from '@actions/tool-cache';
import { parseVersionRequest, type EngineConfig } from '../../src/config/engine-config.js';
import { installEngine, keyId, type InstallDeps } from '../../src/engine/install-engine.js';
import { spawnProcess } from '../../src/process/spawn-process.js';
import { recordingIO } from '../harness/fake-io.js';
import {
  startReleaseMirror,
  tofuStandIn,
  type ReleaseMirror,
  type Tamper,
} from '../harness/release-mirror.js';
import {
  copyModule,
  describeWithTerraform,
  terraformBinary,
  terraformVersion,
} from '../harness/terraform-binary.js';

let mirror: ReleaseMirror;
let work: string;
const saved = { cache: process.env['RUNNER_TOOL_CACHE'], temp: process.env['RUNNER_TEMP'] };

beforeAll(async () => {
  mirror = await startReleaseMirror();
  work = await mkdtemp(path.join(tmpdir(), 'grape-install-'));
  process.env['RUNNER_TOOL_CACHE'] = path.join(work, 'tool-cache');
  process.env['RUNNER_TEMP'] = path.join(work, 'runner-temp');
});
afterAll(async () => {
  await mirror.close();
  await rm(work, { recursive: true, force: true });
  process.env['RUNNER_TOOL_CACHE'] = saved.cache;
  process.env['RUNNER_TEMP'] = saved.temp;
});

const noNetwork: typeof fetch = async (url) => {
  throw new Error(`network used: ${String(url)}`);
};

async function deps(
  overrides: Partial<InstallDeps> = {},
): Promise<InstallDeps & { io: ReturnType<typeof recordingIO> }> {
  const io = recordingIO();
  const tempDir = await mkdtemp(path.join(work, 'run-'));
  return {
    io,
    env: process.env,
    fetch,
    toolCache,
    command: {
      spawn: spawnProcess,
      io,
      signals: { on: () => undefined, off: () => undefined },
      cancelGraceMs: 5000,
    },
    tempDir,
    platform: { os: 'linux', arch: 'amd64' },
    readText: async () => undefined,
    listDir: async () => [],
    ...overrides,
  } as InstallDeps & { io: ReturnType<typeof recordingIO> };
}

const config = (over: Partial<EngineConfig>): EngineConfig => ({
  name: 'terraform',
  version: undefined,
  mirror: new URL(`${mirror.url}/`),
  signingKey: mirror.key.publicKey,
  path: undefined,
  ...over,
});

/** A tiny "terraform" that only answers `version -json` (for the tampering cases). */
const fakeTerraform = (version: string): Buffer =>
  Buffer.from(`#!/bin/sh\necho '{"terraform_version":"${version}","platform":"linux_amd64"}'\n`);

describeWithTerraform('installing the real terraform from the mirror', () => {
  let first: Awaited<ReturnType<typeof installEngine>>;
  beforeAll(async () => {
    await mirror.addRelease({
      product: 'terraform',
      version: terraformVersion!,
      binary: terraformBinary!,
    });
    first = await installEngine(
      config({ version: parseVersionRequest(terraformVersion!) }),
      work,
      work,
      await deps(),
    );
  });

  it('downloads, verifies the signed checksum, caches, and runs it', () => {
    expect(first.source).toBe('download');
    expect(first.version).toBe(terraformVersion);
    expect(first.binaryPath).toContain(path.join('tool-cache', 'grape-terraform-'));
  });

  it('starts from the tool cache with no network at all on the next run', async () => {
    const before = mirror.requests.length;
    const d = await deps({ fetch: noNetwork });
    const again = await installEngine(
      config({ version: parseVersionRequest(terraformVersion!) }),
      work,
      work,
      d,
    );
    expect(again).toEqual({ ...first, source: 'tool-cache' });
    expect(mirror.requests.length).toBe(before);
    expect(d.io.logs).toContain(
      `Using the verified terraform ${terraformVersion} from the tool cache.`,
    );
  });

  it('resolves a constraint against the mirror index and the module required_version', async () => {
    mirror.listVersions('terraform', ['1.10.5', '1.12.0-rc1', '0.15.5']);
    const dir = await copyModule('basic');
    const d = await deps({
      fetch: fetch,
      readText: async (f) =>
        (await import('node:fs/promises')).readFile(f, 'utf8').catch(() => undefined),
      listDir: async (x) => (await import('node:fs/promises')).readdir(x),
    });
    const got = await installEngine(
      config({ version: parseVersionRequest('~> 1.10') }),
      dir,
      dir,
      d,
    );
    expect(got.version).toBe(terraformVersion);
    expect(
      d.io.logs.some((l) =>
        l.startsWith(`terraform ${terraformVersion} (chosen by input 'engine-version')`),
      ),
    ).toBe(true);
  });

  it('uses an installed binary given by engine-path, after checking its version', async () => {
    const d = await deps({ fetch: noNetwork });
    const got = await installEngine(
      config({ mirror: undefined, signingKey: undefined, path: terraformBinary! }),
      work,
      work,
      d,
    );
    expect(got).toEqual({
      name: 'terraform',
      version: terraformVersion,
      binaryPath: terraformBinary,
      source: 'engine-path',
    });
    await expect(
      installEngine(
        config({
          mirror: undefined,
          signingKey: undefined,
          path: terraformBinary!,
          version: parseVersionRequest('~> 0.15'),
        }),
        work,
        work,
        d,
      ),
    ).rejects.toThrow(
      `The binary at engine-path is terraform ${terraformVersion}, which does not satisfy engine-version '~> 0.15'.`,
    );
    await expect(
      installEngine(
        config({ mirror: undefined, signingKey: undefined, path: '/nonexistent/terraform' }),
        work,
        work,
        d,
      ),
    ).rejects.toThrow("Input 'engine-path' is '/nonexistent/terraform': no executable file there.");
  });
});

describe('verification failures: each refuses to install, caches nothing, runs nothing', () => {
  const cases: Array<[Tamper, string, RegExp]> = [
    [
      'archive',
      '9.0.1',
      /^terraform_9\.0\.1_linux_amd64\.zip does not match its signed checksum \(expected [0-9a-f]{64}, got [0-9a-f]{64}\): refusing to install\./,
    ],
    ['sums', '9.0.2', /^terraform_9\.0\.2_linux_amd64\.zip does not match its signed checksum/],
    [
      'signature',
      '9.0.3',
      /^The signature of terraform_9\.0\.3_SHA256SUMS does not verify with the key in 'release-signing-key' \(.+\): refusing to install\./,
    ],
    [
      'unsigned-sums',
      '9.0.4',
      /^The signature of terraform_9\.0\.4_SHA256SUMS does not verify with the key in 'release-signing-key'/,
    ],
    [
      'missing-signature',
      '9.0.5',
      /^Could not download the signature of terraform_9\.0\.5_SHA256SUMS from http:\/\/127\.0\.0\.1:\d+\/terraform\/9\.0\.5\/terraform_9\.0\.5_SHA256SUMS\.sig: HTTP 404 \(not published there\?\)\.$/,
    ],
    [
      'garbage-signature',
      '9.0.6',
      /^The signature of terraform_9\.0\.6_SHA256SUMS is not an OpenPGP signature/,
    ],
  ];
  it.each(cases)('tampering with the %s', async (tamper, version, message) => {
    await mirror.addRelease({
      product: 'terraform',
      version,
      binary: fakeTerraform(version),
      tamper,
    });
    await expect(
      installEngine(config({ version: parseVersionRequest(version) }), work, work, await deps()),
    ).rejects.toThrow(message);
    const namespace = `grape-terraform-${keyId({ armored: mirror.key.publicKey, fingerprint: undefined, name: '' })}`;
    expect(toolCache.findAllVersions(namespace, 'amd64')).not.toContain(version);
  });

  it("refuses the mirror's files when only the publisher's key is trusted (no release-signing-key)", async () => {
    await mirror.addRelease({
      product: 'terraform',
      version: '9.1.0',
      binary: fakeTerraform('9.1.0'),
    });
    await expect(
      installEngine(
        config({ version: parseVersionRequest('9.1.0'), signingKey: undefined }),
        work,
        work,
        await deps(),
      ),
    ).rejects.toThrow(
      /^The signature of terraform_9\.1\.0_SHA256SUMS does not verify with HashiCorp's release signing key/,
    );
  });

  it('refuses a binary that reports another version than the signed release', async () => {
    await mirror.addRelease({
      product: 'terraform',
      version: '9.2.0',
      binary: fakeTerraform('6.6.6'),
    });
    await expect(
      installEngine(config({ version: parseVersionRequest('9.2.0') }), work, work, await deps()),
    ).rejects.toThrow('The downloaded terraform reports version 6.6.6, not 9.2.0.');
  });
});

describe('OpenTofu', () => {
  it('installs through a mirror (tofu_<v>_SHA256SUMS.gpgsig) and answers version -json', async () => {
    await mirror.addRelease({
      product: 'tofu',
      version: '1.8.3',
      binary: await tofuStandIn('1.8.3'),
    });
    const got = await installEngine(
      config({ name: 'opentofu', version: parseVersionRequest('~> 1.8') }),
      work,
      work,
      await deps(),
    );
    expect(got).toMatchObject({ name: 'opentofu', version: '1.8.3', source: 'download' });
    expect(path.basename(got.binaryPath)).toBe('tofu');
    expect(mirror.requests).toEqual(
      expect.arrayContaining(['/tofu/api.json', '/tofu/1.8.3/tofu_1.8.3_SHA256SUMS.gpgsig']),
    );
  });

  it('fails closed, before any download, when no key is available for the default site', async () => {
    const d = await deps({ fetch: noNetwork, publisherKeys: {} });
    await expect(
      installEngine(
        config({
          name: 'opentofu',
          mirror: undefined,
          signingKey: undefined,
          version: parseVersionRequest('1.8.3'),
        }),
        work,
        work,
        d,
      ),
    ).rejects.toThrow(
      "This build of Grape has no release signing key for opentofu, so it cannot verify a download and will not install one. Give 'release-mirror' with its 'release-signing-key', or an installed binary with 'engine-path'.",
    );
  });

  it("trusts OpenTofu's embedded key only by its published fingerprint", async () => {
    const { PUBLISHER_KEYS } = await import('../../src/engine/install-engine.js');
    const { readTrustedKey } = await import('../../src/engine/verify-signature.js');
    const key = await readTrustedKey(PUBLISHER_KEYS.opentofu!);
    expect(key.getFingerprint().toUpperCase()).toBe('E3E6E43D84CB852EADB0051D0C0AF313E5FD9F80');
    const hc = await readTrustedKey(PUBLISHER_KEYS.terraform!);
    expect(hc.getFingerprint().toUpperCase()).toBe('C874011F0AB405110D02105534365D9472D7468F');
    await expect(
      readTrustedKey({
        ...PUBLISHER_KEYS.terraform!,
        fingerprint: 'E3E6E43D84CB852EADB0051D0C0AF313E5FD9F80',
      }),
    ).rejects.toThrow(
      "HashiCorp's release signing key has fingerprint C874011F0AB405110D02105534365D9472D7468F, expected E3E6E43D84CB852EADB0051D0C0AF313E5FD9F80: refusing to trust it.",
    );
  });
});
