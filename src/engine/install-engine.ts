/**
 * Gets a trustworthy engine binary: the one at `engine-path` (version-checked), a verified copy
 * from the tool cache (no network), or a fresh download that is verified before it is extracted:
 * SHA256SUMS signed by the publisher's key (or the mirror's `release-signing-key`), the archive's
 * SHA-256 computed while it streams and compared with the signed line. Any mismatch fails closed.
 */
import { createHash } from 'node:crypto';
import { access, chmod } from 'node:fs/promises';
import path from 'node:path';
import { GrapeError } from '../errors.js';
import { downloadToFile, fetchBytes, parseSums } from './download-verified.js';
import { extractZip } from './extract-zip.js';
import type { EngineConfig, EngineName } from '../config/engine-config.js';
import { HASHICORP_FINGERPRINT, HASHICORP_PUBLIC_KEY } from './keys/hashicorp-key.js';
import { OPENTOFU_FINGERPRINT, OPENTOFU_PUBLIC_KEY } from './keys/opentofu-key.js';
import { probeVersion } from './probe-version.js';
import type { InstallDeps, InstalledEngine, ToolCache } from './installed-engine.js';
import { useInstalledEngine } from './use-installed-engine.js';
import { releaseLayout, type ReleaseLayout } from './release-layout.js';
import { resolveVersion } from './resolve-version.js';

import type { TrustedKey } from './verify-signature.js';

export type { InstallDeps, InstalledEngine, ToolCache };

export const PUBLISHER_KEYS: Partial<Record<EngineName, TrustedKey>> = {
  terraform: {
    armored: HASHICORP_PUBLIC_KEY,
    fingerprint: HASHICORP_FINGERPRINT,
    name: "HashiCorp's release signing key",
  },
  opentofu: {
    armored: OPENTOFU_PUBLIC_KEY,
    fingerprint: OPENTOFU_FINGERPRINT,
    name: "OpenTofu's release signing key",
  },
};

export async function installEngine(
  config: EngineConfig,
  workingDir: string,
  workspace: string,
  deps: InstallDeps,
): Promise<InstalledEngine> {
  if (config.path !== undefined) return useInstalledEngine(config, config.path, workingDir, deps);

  const layout = releaseLayout(config.name, config.mirror);
  const key = trustedKey(config, deps);
  const listReleases = async (): Promise<string[]> => {
    const bytes = await fetchBytes(deps.fetch, layout.indexUrl, `the ${config.name} release index`);
    try {
      return layout.parseIndex(JSON.parse(bytes.toString('utf8')));
    } catch {
      throw new GrapeError(`The ${config.name} release index at ${layout.indexUrl} is not JSON.`);
    }
  };
  const resolved = await resolveVersion(config.version, workingDir, workspace, config.name, {
    ...deps,
    listReleases,
  });
  deps.io.info(`${config.name} ${resolved.version} (chosen by ${resolved.source}).`);

  // Binaries verified with a user-given key are cached apart from the publisher's.
  const tool = `grape-${layout.product}${key.fingerprint === undefined ? `-${keyId(key)}` : ''}`;
  const cached = deps.toolCache.find(tool, resolved.version, deps.platform.arch);
  const binaryName = `${layout.product}${deps.platform.os === 'windows' ? '.exe' : ''}`;
  if (cached) {
    deps.io.info(`Using the verified ${config.name} ${resolved.version} from the tool cache.`);
    return {
      name: config.name,
      version: resolved.version,
      binaryPath: path.join(cached, binaryName),
      source: 'tool-cache',
    };
  }
  const dir = await downloadVerified(layout, resolved.version, key, deps);
  const binary = path.join(dir, binaryName);
  await access(binary).catch(() => {
    throw new GrapeError(
      `The verified archive of ${config.name} ${resolved.version} has no ${binaryName} in it.`,
    );
  });
  await chmod(binary, 0o755);
  const cachedDir = await deps.toolCache.cacheDir(dir, tool, resolved.version, deps.platform.arch);
  const binaryPath = path.join(cachedDir, binaryName);
  const reported = await probeVersion(binaryPath, workingDir, deps.command, deps.env);
  if (reported !== resolved.version)
    throw new GrapeError(
      `The downloaded ${config.name} reports version ${reported}, not ${resolved.version}.`,
    );
  return { name: config.name, version: resolved.version, binaryPath, source: 'download' };
}

function trustedKey(config: EngineConfig, deps: InstallDeps): TrustedKey {
  if (config.mirror && config.signingKey)
    return {
      armored: config.signingKey,
      fingerprint: undefined,
      name: "the key in 'release-signing-key'",
    };
  const key = (deps.publisherKeys ?? PUBLISHER_KEYS)[config.name];
  if (!key)
    throw new GrapeError(
      `This build of Grape has no release signing key for ${config.name}, so it cannot verify a download and will not install one. ` +
        "Give 'release-mirror' with its 'release-signing-key', or an installed binary with 'engine-path'.",
    );
  return key;
}

/** A cache namespace for a user-given key (a hash of its text: no need to load openpgp on a cache hit). */
export const keyId = (key: TrustedKey): string =>
  createHash('sha256').update(key.armored.replace(/\s+/g, '')).digest('hex').slice(0, 16);

async function downloadVerified(
  layout: ReleaseLayout,
  version: string,
  key: TrustedKey,
  deps: InstallDeps,
): Promise<string> {
  const archiveName = layout.archiveName(version, deps.platform);
  const archive = path.join(deps.tempDir, archiveName);
  const sumsWhat = `${layout.product}_${version}_SHA256SUMS`;
  deps.io.info(`Downloading ${archiveName} from ${layout.origin} and verifying it.`);
  // All at once: openpgp loads and the signature is checked while the archive streams in.
  // Nothing is extracted or run before every check has passed.
  const verifier = import('./verify-signature.js');
  const abort = new AbortController();
  const signedSums = Promise.all([
    fetchBytes(deps.fetch, layout.sumsUrl(version), sumsWhat, 1 << 20),
    fetchBytes(deps.fetch, layout.signatureUrl(version), `the signature of ${sumsWhat}`, 1 << 16),
  ]).then(async ([sums, signature]) => {
    await (await verifier).verifySumsSignature(sums, signature, key, sumsWhat);
    return sums;
  });
  signedSums.catch(() => abort.abort());
  const [sums, actual] = await Promise.all([
    signedSums,
    downloadToFile(
      deps.fetch,
      layout.archiveUrl(version, deps.platform),
      archive,
      archiveName,
      abort.signal,
    ),
  ]);
  const expected = parseSums(sums.toString('utf8'), sumsWhat).get(archiveName);
  if (expected === undefined)
    throw new GrapeError(
      `${sumsWhat} has no line for ${archiveName}: refusing to install (is ${deps.platform.os}/${deps.platform.arch} published?).`,
    );
  if (expected !== actual)
    throw new GrapeError(
      `${archiveName} does not match its signed checksum (expected ${expected}, got ${actual}): refusing to install. The download was corrupted or tampered with.`,
    );
  deps.io.info(
    `Verified ${archiveName}: SHA256SUMS signed by ${key.name}, archive sha256 ${actual}.`,
  );
  return extractZip(archive, path.join(deps.tempDir, `${layout.product}-${version}`));
}
