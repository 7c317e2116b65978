/**
 * A release mirror on loopback with the releases.hashicorp.com layout Grape's `release-mirror`
 * expects: `/<product>/<v>/<product>_<v>_<os>_<arch>.zip`, `…_SHA256SUMS`, the detached binary
 * signature (`.sig` for terraform, `.gpgsig` for tofu) and the version index (`index.json` /
 * `api.json`). Archives are zips made at test time from a real binary (or the OpenTofu stand-in);
 * SHA256SUMS are signed with a test key generated here. Releases can be served tampered with.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as openpgp from 'openpgp';
import { listenOnLoopback, type LoopbackServer } from './http-server.js';
import { makeZip } from './zip.js';

export interface TestKey {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly fingerprint: string;
}

export async function generateTestKey(name = 'Grape Test Releases'): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name, email: 'releases@grape.test' }],
    format: 'armored',
  });
  const fingerprint = (await openpgp.readKey({ armoredKey: publicKey }))
    .getFingerprint()
    .toUpperCase();
  return { publicKey, privateKey, fingerprint };
}

export async function signDetached(data: Buffer, key: TestKey): Promise<Buffer> {
  const signature = await openpgp.sign({
    message: await openpgp.createMessage({ binary: data }),
    signingKeys: await openpgp.readPrivateKey({ armoredKey: key.privateKey }),
    detached: true,
    format: 'binary',
  });
  return Buffer.from(signature as Uint8Array);
}

/** How a release is served wrong, to see the installer refuse it. */
export type Tamper =
  | 'none'
  | 'archive' // archive bytes changed after signing the sums
  | 'sums' // SHA256SUMS lists another checksum for the archive (and is signed)
  | 'signature' // signature by another key
  | 'unsigned-sums' // SHA256SUMS changed after signing
  | 'missing-signature' // no signature file (404)
  | 'garbage-signature';

export interface ReleaseSpec {
  readonly product: 'terraform' | 'tofu';
  readonly version: string;
  /** The binary to put in the zip (file path or bytes). */
  readonly binary: string | Buffer;
  readonly os?: string;
  readonly arch?: string;
  readonly tamper?: Tamper;
  /** 0 = store (fast for tests), 6 = like the publishers. */
  readonly level?: number;
}

export interface ReleaseMirror extends LoopbackServer {
  readonly key: TestKey;
  addRelease(spec: ReleaseSpec): Promise<{ archiveSha256: string; archiveName: string }>;
  /** Versions listed in the index without files (for resolution tests). */
  listVersions(product: 'terraform' | 'tofu', versions: readonly string[]): void;
  readonly requests: string[];
}

export async function startReleaseMirror(key?: TestKey): Promise<ReleaseMirror> {
  const signingKey = key ?? (await generateTestKey());
  const files = new Map<string, Buffer>();
  const listed = { terraform: new Set<string>(), tofu: new Set<string>() };
  const requests: string[] = [];
  let otherKey: TestKey | undefined;

  const index = (product: 'terraform' | 'tofu'): Buffer => {
    const versions = [...listed[product]];
    if (product === 'tofu')
      return Buffer.from(JSON.stringify({ versions: versions.map((id) => ({ id, files: [] })) }));
    return Buffer.from(
      JSON.stringify({
        name: 'terraform',
        versions: Object.fromEntries(versions.map((v) => [v, { name: 'terraform', version: v }])),
      }),
    );
  };

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://mirror').pathname);
    requests.push(pathname);
    const indexMatch = /^\/(terraform|tofu)\/(index|api)\.json$/.exec(pathname);
    const body = indexMatch ? index(indexMatch[1] as 'terraform' | 'tofu') : files.get(pathname);
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
      })
      .end(body);
  };
  const server = await listenOnLoopback(handler);

  return {
    ...server,
    key: signingKey,
    requests,
    listVersions: (product, versions) => versions.forEach((v) => listed[product].add(v)),
    async addRelease(spec) {
      const os = spec.os ?? 'linux';
      const arch = spec.arch ?? 'amd64';
      const binary = typeof spec.binary === 'string' ? await readFile(spec.binary) : spec.binary;
      const zip = makeZip([{ name: spec.product, data: binary, mode: 0o755 }], spec.level ?? 0);
      const archiveName = `${spec.product}_${spec.version}_${os}_${arch}.zip`;
      const sha = createHash('sha256').update(zip).digest('hex');
      const dir = `/${spec.product}/${spec.version}`;
      const tamper = spec.tamper ?? 'none';
      const listedSha =
        tamper === 'sums' ? createHash('sha256').update('something else').digest('hex') : sha;
      const sums = Buffer.from(
        `${listedSha}  ${archiveName}\n${'0'.repeat(64)}  ${spec.product}_${spec.version}_windows_amd64.zip\n`,
      );
      otherKey ??= tamper === 'signature' ? await generateTestKey('Somebody Else') : otherKey;
      const signature =
        tamper === 'garbage-signature'
          ? Buffer.from('this is not an OpenPGP signature')
          : await signDetached(sums, tamper === 'signature' ? otherKey! : signingKey);
      const sigName = spec.product === 'tofu' ? 'SHA256SUMS.gpgsig' : 'SHA256SUMS.sig';
      files.set(
        `${dir}/${archiveName}`,
        tamper === 'archive' ? Buffer.concat([zip, Buffer.from('tampered')]) : zip,
      );
      files.set(
        `${dir}/${spec.product}_${spec.version}_SHA256SUMS`,
        tamper === 'unsigned-sums'
          ? Buffer.from(sums.toString().replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))
          : sums,
      );
      if (tamper !== 'missing-signature')
        files.set(`${dir}/${spec.product}_${spec.version}_${sigName}`, signature);
      listed[spec.product].add(spec.version);
      return { archiveSha256: sha, archiveName };
    },
  };
}

/** The OpenTofu stand-in script (test/harness/tofu-stand-in.mjs) reporting `version`. */
export async function tofuStandIn(version: string): Promise<Buffer> {
  const script = await readFile(new URL('./tofu-stand-in.mjs', import.meta.url), 'utf8');
  const [shebang, ...rest] = script.split('\n');
  return Buffer.from([shebang, `// version: ${version}`, ...rest].join('\n'));
}
