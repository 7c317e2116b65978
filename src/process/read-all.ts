import type { Readable } from 'node:stream';
import { GrapeError } from '../errors.js';

/** Reads a stream into memory, refusing more than `limit` bytes. */
export async function readAll(
  stream: Readable,
  limit: number,
  what = 'the output',
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new GrapeError(`${what} is larger than ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
