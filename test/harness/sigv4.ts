/** Verifies AWS Signature Version 4 on requests received by the loopback AWS stand-ins. */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

type Data = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (data: Data): Buffer | string =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

class NodeSha256 {
  private hash;
  private readonly secret: Buffer | string | undefined;
  constructor(secret?: Data) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.hash =
      this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: Data): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash =
      this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

export interface SigV4Identity {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** The access key id and scope a request claims, without checking the signature. */
export function parseAuthorization(
  header: string | undefined,
): (SigV4Identity & { signedHeaders: string[]; signature: string }) | undefined {
  const match = header ? AUTH.exec(header) : null;
  if (!match) return undefined;
  return {
    accessKeyId: match[1]!,
    region: match[3]!,
    service: match[4]!,
    signedHeaders: match[5]!.split(';'),
    signature: match[6]!,
  };
}

/** Recomputes the signature with the secret the stand-in issued; true when it matches. */
export async function verifySigV4(
  request: IncomingMessage,
  body: Buffer,
  secretAccessKey: string,
  sessionToken: string | undefined,
): Promise<boolean> {
  const auth = parseAuthorization(request.headers.authorization);
  const amzDate = request.headers['x-amz-date'];
  if (!auth || typeof amzDate !== 'string') return false;
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] =
      existing === undefined
        ? value
        : Array.isArray(existing)
          ? [...existing, value]
          : [existing, value];
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: auth.accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
    },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    uriEscapePath: auth.service !== 's3',
    applyChecksum: auth.service === 's3',
  });
  const signingDate = new Date(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  const signed = await signer.sign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: (request.headers.host ?? '').split(':')[0]!,
      path: url.pathname,
      query,
      headers,
      body: body.length === 0 ? undefined : body,
    },
    {
      signingDate,
      signableHeaders: new Set(auth.signedHeaders),
      unsignableHeaders: new Set(),
    },
  );
  const recomputed = parseAuthorization(String(signed.headers['authorization'] ?? ''));
  return recomputed?.signature === auth.signature;
}
