/**
 * Downloads over an injected `fetch`: small files into memory (bounded), archives to disk with
 * their SHA-256 computed while the bytes stream by (no second read of the file).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { GrapeError, errorMessage } from '../errors.js';

export type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

async function get(
  fetchImpl: Fetch,
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<Response> {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(300_000);
    response = await fetchImpl(url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    throw new GrapeError(`Could not download ${what} from ${url}: ${errorMessage(error)}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new GrapeError(
      `Could not download ${what} from ${url}: HTTP ${response.status}${response.status === 404 ? ' (not published there?)' : ''}.`,
    );
  }
  return response;
}

/** A small file (index, SHA256SUMS, signature), refusing more than `limit` bytes. */
export async function fetchBytes(
  fetchImpl: Fetch,
  url: string,
  what: string,
  limit = 64 << 20,
): Promise<Buffer> {
  const response = await get(fetchImpl, url, what);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new GrapeError(`${what} at ${url} is larger than ${limit} bytes: refusing it.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Streams `url` into `file`; returns the SHA-256 (hex) of exactly the bytes written. */
export async function downloadToFile(
  fetchImpl: Fetch,
  url: string,
  file: string,
  what: string,
  signal?: AbortSignal,
): Promise<string> {
  const response = await get(fetchImpl, url, what, signal);
  const hash = createHash('sha256');
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      hasher,
      createWriteStream(file, { highWaterMark: 1 << 20 }),
    );
  } catch (error) {
    throw new GrapeError(`Download of ${what} from ${url} broke off: ${errorMessage(error)}.`);
  }
  return hash.digest('hex');
}

/** Parses `<64 hex>  <file>` lines; a file listed twice with different sums is an error. */
export function parseSums(text: string, what: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line);
    if (!m) continue;
    const [, hex, name] = m;
    const previous = sums.get(name!);
    if (previous !== undefined && previous !== hex!.toLowerCase())
      throw new GrapeError(`${what} lists ${name} twice with different checksums: refusing it.`);
    sums.set(name!, hex!.toLowerCase());
  }
  return sums;
}
