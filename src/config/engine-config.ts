/** The engine step's configuration: which binary, which version, from where, trusted how. */
import { quote, type InputReader } from '../inputs/input-reader.js';
import { parseConstraint, parseExactVersion, type Constraint } from '../lib/version-constraint.js';

export const ENGINES = ['terraform', 'opentofu'] as const;
export type EngineName = (typeof ENGINES)[number];

/** What `engine-version` (or a version file) asks for. */
export type VersionRequest =
  | { readonly kind: 'exact'; readonly version: string }
  | { readonly kind: 'constraint'; readonly constraint: Constraint }
  | { readonly kind: 'latest' };

export interface EngineConfig {
  readonly name: EngineName;
  readonly version: VersionRequest | undefined;
  /** Base URL of a mirror with the official layout; undefined = the publisher's site. */
  readonly mirror: URL | undefined;
  /** Armored public key that signs the mirror's SHA256SUMS (only with `mirror`). */
  readonly signingKey: string | undefined;
  /** An installed binary to use instead of downloading one. */
  readonly path: string | undefined;
}

const VERSION_HINT =
  "Use an exact version such as '1.9.8', a constraint such as '~> 1.9' or '>= 1.5, < 2.0', or 'latest'.";

/** Parses `1.9.8`, `v1.9.8`, `latest`, or a constraint; undefined when it is none of these. */
export function parseVersionRequest(text: string): VersionRequest | undefined {
  const value = text.trim();
  if (value === 'latest') return { kind: 'latest' };
  const exact = parseExactVersion(value);
  if (exact !== undefined) return { kind: 'exact', version: exact };
  const constraint = parseConstraint(value);
  return constraint ? { kind: 'constraint', constraint } : undefined;
}

export function readEngineConfig(inputs: InputReader): EngineConfig {
  const name = inputs.oneOf('engine', ENGINES, 'terraform');

  const versionValue = inputs.string('engine-version');
  let version: VersionRequest | undefined;
  if (versionValue !== undefined) {
    version = parseVersionRequest(versionValue);
    if (!version)
      inputs.fail(
        'engine-version',
        versionValue,
        'not a version or a version constraint',
        VERSION_HINT,
      );
  }

  const mirrorValue = inputs.string('release-mirror');
  let mirror: URL | undefined;
  if (mirrorValue !== undefined) mirror = readMirror(inputs, mirrorValue);

  const signingKey = readSigningKey(inputs, mirrorValue !== undefined);

  const path = inputs.string('engine-path');
  if (path !== undefined && mirrorValue !== undefined) {
    inputs.failCombination(
      'engine-path',
      "Inputs 'engine-path' and 'release-mirror' exclude each other: with 'engine-path' nothing is downloaded. Remove one of them.",
    );
  }
  if (path !== undefined && /[\n\0]/.test(path)) {
    inputs.fail(
      'engine-path',
      path,
      'not a file path',
      "Use the path of an installed binary, e.g. '/usr/local/bin/terraform'.",
    );
  }
  return { name, version, mirror, signingKey, path };
}

function readMirror(inputs: InputReader, value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    inputs.fail(
      'release-mirror',
      value,
      'not a URL',
      "Use the base URL of a mirror, e.g. 'https://mirror.example.com/releases'.",
    );
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    inputs.fail(
      'release-mirror',
      value,
      `scheme '${url.protocol.replace(':', '')}' is not http or https`,
      "Use e.g. 'https://mirror.example.com/releases'.",
    );
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the value: it holds a credential.
    inputs.fail(
      'release-mirror',
      undefined,
      'contains credentials (user:password@)',
      'Give a URL without credentials; Grape verifies every download by signature, the mirror needs no secret.',
    );
    return undefined;
  }
  if (url.search !== '' || url.hash !== '') {
    inputs.fail(
      'release-mirror',
      value,
      'has a query or fragment',
      "Use a plain base URL such as 'https://mirror.example.com/releases'.",
    );
    return undefined;
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function readSigningKey(inputs: InputReader, haveMirror: boolean): string | undefined {
  const raw = inputs.string('release-signing-key');
  if (raw === undefined) return undefined;
  if (!haveMirror) {
    inputs.failCombination(
      'release-signing-key',
      "Input 'release-signing-key' is set but 'release-mirror' is not: the publisher's own key is built into Grape and cannot be replaced for the official release site. Set 'release-mirror' to the mirror this key signs, or remove 'release-signing-key'.",
    );
    return undefined;
  }
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(raw)) {
    inputs.fail(
      'release-signing-key',
      undefined,
      'is a PRIVATE key',
      'Give the armored PUBLIC key (-----BEGIN PGP PUBLIC KEY BLOCK-----), and treat the private key as leaked: rotate it.',
    );
    return undefined;
  }
  if (!/-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]+-----END PGP PUBLIC KEY BLOCK-----/.test(raw)) {
    inputs.fail(
      'release-signing-key',
      raw.split('\n')[0] ?? raw,
      'not an armored OpenPGP public key',
      "Paste the whole key, from '-----BEGIN PGP PUBLIC KEY BLOCK-----' to '-----END PGP PUBLIC KEY BLOCK-----' (e.g. `gpg --armor --export <fingerprint>`).",
    );
    return undefined;
  }
  return raw;
}

/** How a version request is written in logs. */
export function describeRequest(request: VersionRequest): string {
  if (request.kind === 'exact') return request.version;
  if (request.kind === 'latest') return 'latest';
  return quote(request.constraint.text);
}
