/**
 * Stand-in for Amazon S3 on loopback, path-style REST (`/<bucket>/<key>`), as the state backend
 * (terraform's s3 backend: AWS SDK for Go v2) and the plan store (AWS SDK for JavaScript v3) use
 * it. It checks what S3 checks for these calls: SigV4 with credentials it knows (and the session
 * token), the payload hash, `x-amz-checksum-sha256`, conditional writes (`If-None-Match: *`, used
 * by `use_lockfile = true` locking, and `If-Match`), and answers in S3's XML formats:
 * GetObject, PutObject, HeadObject, DeleteObject, ListObjectsV2, HeadBucket.
 * `aws-chunked` request bodies (streaming signatures / trailing checksums) are decoded; the seed
 * signature is verified, the per-chunk signatures are not.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, type LoopbackServer } from './http-server.js';
import { parseAuthorization, verifySigV4 } from './sigv4.js';

export interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
  readonly headers: Readonly<Record<string, string>>;
}

export interface S3Call {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly operation: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export type CredentialLookup = (
  accessKeyId: string,
) => { secretAccessKey: string; sessionToken?: string | undefined } | undefined;

export interface S3StandIn extends LoopbackServer {
  createBucket(name: string): void;
  addCredentials(accessKeyId: string, secretAccessKey: string, sessionToken?: string): void;
  object(bucket: string, key: string): StoredObject | undefined;
  putObject(bucket: string, key: string, body: Buffer): void;
  keys(bucket: string): string[];
  readonly calls: S3Call[];
  /**
   * Holds matching requests (a slow or stalled S3) until `release()`; `arrived` settles when the
   * first one comes in. For tests that need a client to be mid-call at a chosen moment.
   */
  hold(matches: (method: string, key: string) => boolean): Hold;
}

export interface Hold {
  readonly arrived: Promise<void>;
  release(): void;
}

const xml = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escapeXml = (v: string): string =>
  v.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Decodes an `aws-chunked` body: `<hex>[;chunk-signature=…]\r\n<data>\r\n … 0…\r\n[trailers]\r\n`. */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', i);
    if (eol === -1) throw new S3Error(400, 'IncompleteBody', 'aws-chunked body ends early');
    const size = parseInt(body.toString('latin1', i, eol).split(';')[0]!, 16);
    if (Number.isNaN(size))
      throw new S3Error(400, 'InvalidRequest', 'bad aws-chunked chunk header');
    i = eol + 2;
    if (size === 0) break;
    parts.push(body.subarray(i, i + size));
    i += size + 2;
  }
  for (const line of body.toString('latin1', i).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

export async function startS3(options: { lookup?: CredentialLookup } = {}): Promise<S3StandIn> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const credentials = new Map<
    string,
    { secretAccessKey: string; sessionToken?: string | undefined }
  >();
  const calls: S3Call[] = [];
  const holds = new Set<{
    matches: (method: string, key: string) => boolean;
    hit: () => void;
    open: () => void;
    gate: Promise<void>;
  }>();

  const authenticate = async (request: IncomingMessage, raw: Buffer): Promise<void> => {
    const auth = parseAuthorization(request.headers.authorization);
    if (!auth) throw new S3Error(403, 'AccessDenied', 'Anonymous access is forbidden');
    if (auth.service !== 's3')
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        `credential scope service '${auth.service}' is not s3`,
      );
    const known = credentials.get(auth.accessKeyId) ?? options.lookup?.(auth.accessKeyId);
    if (!known)
      throw new S3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    const token = request.headers['x-amz-security-token'];
    if (known.sessionToken !== undefined && token !== known.sessionToken)
      throw new S3Error(
        403,
        'InvalidToken',
        'The provided token is malformed or otherwise invalid.',
      );
    if (!(await verifySigV4(request, raw, known.secretAccessKey, known.sessionToken)))
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    const declared = request.headers['x-amz-content-sha256'];
    if (
      typeof declared === 'string' &&
      /^[0-9a-f]{64}$/.test(declared) &&
      createHash('sha256').update(raw).digest('hex') !== declared
    )
      throw new S3Error(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<S3Call> => {
    const url = new URL(request.url ?? '/', 'http://s3.local');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const method = request.method ?? 'GET';
    const raw = await readBody(request, 512 * 1024 * 1024);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers[k] = v;
    let operation = `${method} ${key === '' ? 'bucket' : 'object'}`;
    const done = (status: number): S3Call => ({ method, bucket, key, operation, status, headers });
    await authenticate(request, raw);
    for (const h of holds)
      if (h.matches(method, key)) {
        h.hit();
        await h.gate;
      }
    const objects = buckets.get(decodeURIComponent(bucket));
    if (!objects) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');

    if (key === '') {
      if (method === 'HEAD') {
        operation = 'HeadBucket';
        response.writeHead(200).end();
        return done(200);
      }
      if (method === 'GET' && url.searchParams.get('list-type') === '2') {
        operation = 'ListObjectsV2';
        const prefix = url.searchParams.get('prefix') ?? '';
        const delimiter = url.searchParams.get('delimiter') ?? '';
        const contents: string[] = [];
        const prefixes = new Set<string>();
        for (const name of [...objects.keys()].sort()) {
          if (!name.startsWith(prefix)) continue;
          const restOfKey = name.slice(prefix.length);
          const cut = delimiter ? restOfKey.indexOf(delimiter) : -1;
          if (cut >= 0) prefixes.add(prefix + restOfKey.slice(0, cut + delimiter.length));
          else {
            const o = objects.get(name)!;
            contents.push(
              `<Contents><Key>${escapeXml(name)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${escapeXml(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
            );
          }
        }
        const common = [...prefixes].map(
          (p) => `<CommonPrefixes><Prefix>${escapeXml(p)}</Prefix></CommonPrefixes>`,
        );
        response
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(
            xml(
              `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${contents.length + common.length}</KeyCount><MaxKeys>1000</MaxKeys>${delimiter ? `<Delimiter>${escapeXml(delimiter)}</Delimiter>` : ''}<IsTruncated>false</IsTruncated>${contents.join('')}${common.join('')}</ListBucketResult>`,
            ),
          );
        return done(200);
      }
      throw new S3Error(
        501,
        'NotImplemented',
        `bucket operation ${method} ${url.search} is not implemented by the stand-in`,
      );
    }

    const existing = objects.get(key);
    if (method === 'PUT') {
      operation = 'PutObject';
      if (request.headers['if-none-match'] === '*' && existing)
        throw new S3Error(
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      const ifMatch = request.headers['if-match'];
      if (ifMatch !== undefined && existing?.etag !== ifMatch)
        throw new S3Error(
          existing ? 412 : 404,
          existing ? 'PreconditionFailed' : 'NoSuchKey',
          'If-Match did not hold',
        );
      const chunked =
        /aws-chunked/.test(headers['content-encoding'] ?? '') ||
        (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
      const { data, trailers } = chunked
        ? decodeAwsChunked(raw)
        : { data: raw, trailers: {} as Record<string, string> };
      const sha = headers['x-amz-checksum-sha256'] ?? trailers['x-amz-checksum-sha256'];
      if (sha !== undefined && createHash('sha256').update(data).digest('base64') !== sha)
        throw new S3Error(
          400,
          'BadDigest',
          'The SHA256 you specified did not match the calculated checksum.',
        );
      const etag = `"${createHash('md5').update(data).digest('hex')}"`;
      const kept: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers))
        if (
          k.startsWith('x-amz-meta-') ||
          k.startsWith('x-amz-server-side-encryption') ||
          k === 'content-type'
        )
          kept[k] = v;
      objects.set(key, { body: data, etag, lastModified: new Date(), headers: kept });
      response
        .writeHead(200, {
          etag,
          ...(kept['x-amz-server-side-encryption']
            ? { 'x-amz-server-side-encryption': kept['x-amz-server-side-encryption'] }
            : {}),
        })
        .end();
      return done(200);
    }
    if (method === 'GET' || method === 'HEAD') {
      operation = method === 'GET' ? 'GetObject' : 'HeadObject';
      if (!existing) {
        if (method === 'HEAD') {
          response.writeHead(404).end();
          return done(404);
        }
        throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      }
      response.writeHead(200, {
        ...existing.headers,
        etag: existing.etag,
        'content-length': String(existing.body.length),
        'last-modified': existing.lastModified.toUTCString(),
      });
      response.end(method === 'GET' ? existing.body : undefined);
      return done(200);
    }
    if (method === 'DELETE') {
      operation = 'DeleteObject';
      objects.delete(key);
      response.writeHead(204).end();
      return done(204);
    }
    throw new S3Error(501, 'NotImplemented', `${method} is not implemented by the stand-in`);
  };

  const server = await listenOnLoopback((request, response) => {
    handle(request, response)
      .then((call) => calls.push(call))
      .catch((error: unknown) => {
        const e =
          error instanceof S3Error ? error : new S3Error(500, 'InternalError', String(error));
        const url = new URL(request.url ?? '/', 'http://s3.local');
        const [, bucket = '', ...rest] = url.pathname.split('/');
        calls.push({
          method: request.method ?? '',
          bucket,
          key: decodeURIComponent(rest.join('/')),
          operation: e.code,
          status: e.status,
          headers: {},
        });
        response
          .writeHead(e.status, {
            'content-type': 'application/xml',
            'x-amz-request-id': randomUUID(),
          })
          .end(
            request.method === 'HEAD'
              ? undefined
              : xml(
                  `<Error><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
                ),
          );
      });
  });
  return {
    url: server.url,
    port: server.port,
    close: () => {
      for (const h of holds) h.open();
      holds.clear();
      return server.close();
    },
    calls,
    createBucket: (name) => void buckets.set(name, new Map()),
    addCredentials: (id, secret, token) =>
      void credentials.set(id, { secretAccessKey: secret, sessionToken: token }),
    object: (bucket, key) => buckets.get(bucket)?.get(key),
    putObject: (bucket, key, body) =>
      void buckets.get(bucket)?.set(key, {
        body,
        etag: `"${createHash('md5').update(body).digest('hex')}"`,
        lastModified: new Date(),
        headers: {},
      }),
    keys: (bucket) => [...(buckets.get(bucket)?.keys() ?? [])].sort(),
    hold: (matches) => {
      let hit!: () => void;
      let open!: () => void;
      const arrived = new Promise<void>((resolve) => (hit = resolve));
      const gate = new Promise<void>((resolve) => (open = resolve));
      const entry = { matches, hit, open, gate };
      holds.add(entry);
      return {
        arrived,
        release: () => {
          holds.delete(entry);
          open();
        },
      };
    },
  };
}
