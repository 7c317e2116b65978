/**
 * Where a release's files are, on the publisher's site or on a mirror.
 *
 * - Terraform (official): https://releases.hashicorp.com/terraform/<v>/terraform_<v>_<os>_<arch>.zip,
 *   terraform_<v>_SHA256SUMS, terraform_<v>_SHA256SUMS.sig (binary detached signature), and the
 *   version list at https://releases.hashicorp.com/terraform/index.json ({"versions": {"<v>": …}}).
 * - OpenTofu (official, per OpenTofu's TofuDL mirror specification): GitHub releases,
 *   https://github.com/opentofu/opentofu/releases/download/v<v>/tofu_<v>_<os>_<arch>.zip,
 *   tofu_<v>_SHA256SUMS, tofu_<v>_SHA256SUMS.gpgsig (binary detached signature; the `.sig` file
 *   there is a cosign signature), and the version list at https://get.opentofu.org/tofu/api.json
 *   ({"versions": [{"id": "<v>", "files": […]}]}).
 * - A mirror (`release-mirror`) uses the releases.hashicorp.com layout for both engines:
 *   <mirror>/terraform/<v>/terraform_<v>_… with <mirror>/terraform/index.json, and
 *   <mirror>/tofu/<v>/tofu_<v>_… (signature: tofu_<v>_SHA256SUMS.gpgsig) with <mirror>/tofu/api.json.
 */
import type { EngineName } from '../config/engine-config.js';

export interface ReleaseLayout {
  readonly engine: EngineName;
  /** File name prefix and the binary's name: `terraform` or `tofu`. */
  readonly product: 'terraform' | 'tofu';
  readonly indexUrl: string;
  archiveName(version: string, platform: Platform): string;
  archiveUrl(version: string, platform: Platform): string;
  sumsUrl(version: string): string;
  signatureUrl(version: string): string;
  /** Version strings listed by the index document. */
  parseIndex(doc: unknown): string[];
  /** Where the files came from, for messages. */
  readonly origin: string;
}

export interface Platform {
  readonly os: string;
  readonly arch: string;
}

const OS: Record<string, string> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
};
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** The release platform of this machine, in the publishers' naming. */
export function currentPlatform(platform = process.platform, arch = process.arch): Platform {
  return { os: OS[platform] ?? platform, arch: ARCH[arch] ?? arch };
}

function hashicorpIndex(doc: unknown): string[] {
  const versions = (doc as { versions?: unknown } | null)?.versions;
  return versions && typeof versions === 'object' ? Object.keys(versions) : [];
}

function tofuIndex(doc: unknown): string[] {
  const versions = (doc as { versions?: unknown } | null)?.versions;
  if (!Array.isArray(versions)) return [];
  return versions
    .map((v) => (v as { id?: unknown }).id)
    .filter((id): id is string => typeof id === 'string');
}

export function releaseLayout(engine: EngineName, mirror: URL | undefined): ReleaseLayout {
  const product = engine === 'opentofu' ? 'tofu' : 'terraform';
  const archiveName = (v: string, p: Platform): string => `${product}_${v}_${p.os}_${p.arch}.zip`;
  const sigSuffix = engine === 'opentofu' ? 'SHA256SUMS.gpgsig' : 'SHA256SUMS.sig';
  const parseIndex = engine === 'opentofu' ? tofuIndex : hashicorpIndex;

  let dir: (v: string) => string;
  let indexUrl: string;
  if (mirror) {
    const base = new URL(`${product}/`, mirror).href;
    dir = (v) => `${base}${encodeURIComponent(v)}/`;
    indexUrl = `${base}${engine === 'opentofu' ? 'api.json' : 'index.json'}`;
  } else if (engine === 'opentofu') {
    dir = (v) =>
      `https://github.com/opentofu/opentofu/releases/download/v${encodeURIComponent(v)}/`;
    indexUrl = 'https://get.opentofu.org/tofu/api.json';
  } else {
    dir = (v) => `https://releases.hashicorp.com/terraform/${encodeURIComponent(v)}/`;
    indexUrl = 'https://releases.hashicorp.com/terraform/index.json';
  }
  return {
    engine,
    product,
    indexUrl,
    archiveName,
    archiveUrl: (v, p) => `${dir(v)}${archiveName(v, p)}`,
    sumsUrl: (v) => `${dir(v)}${product}_${v}_SHA256SUMS`,
    signatureUrl: (v) => `${dir(v)}${product}_${v}_${sigSuffix}`,
    parseIndex,
    origin: mirror
      ? `the mirror ${mirror.origin}`
      : engine === 'opentofu'
        ? "OpenTofu's GitHub releases"
        : 'releases.hashicorp.com',
  };
}
