/**
 * Extracts a release zip (stored or deflated entries, no ZIP64), streaming each entry through
 * zlib — about three times faster than spawning `unzip` for a 90 MB terraform binary, and with
 * no dependency on an `unzip` being installed. Only ever called on an archive whose SHA-256 was
 * already checked against the signed SHA256SUMS; it still refuses entries that would land outside
 * `dest` and sizes that do not add up.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { GrapeError } from '../errors.js';

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly mode: number;
}

type Read = (at: number, length: number) => Promise<Buffer>;

async function readEntries(file: string, size: number, read: Read): Promise<Entry[]> {
  {
    const tailLength = Math.min(size, 65_557);
    const tail = await read(size - tailLength, tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd === -1) throw new GrapeError(`${path.basename(file)} is not a zip archive.`);
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff)
      throw new GrapeError(
        `${path.basename(file)} is a ZIP64 archive, which Grape does not extract.`,
      );
    const dir = await read(dirOffset, dirSize);
    const entries: Entry[] = [];
    for (let p = 0, i = 0; i < count; i++) {
      if (dir.readUInt32LE(p) !== 0x02014b50)
        throw new GrapeError(`${path.basename(file)} has a damaged central directory.`);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      const madeBy = dir.readUInt16LE(p + 4) >> 8;
      entries.push({
        name: dir.toString('utf8', p + 46, p + 46 + nameLength),
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        localOffset: dir.readUInt32LE(p + 42),
        mode: madeBy === 3 ? (dir.readUInt32LE(p + 38) >>> 16) & 0o777 : 0o644,
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }
}

/** Extracts every entry of `file` into `dest` (created); returns `dest`. */
export async function extractZip(file: string, dest: string): Promise<string> {
  const root = path.resolve(dest);
  await mkdir(root, { recursive: true });
  const handle = await open(file, 'r');
  try {
    const read: Read = async (at, length) => {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, at);
      return buffer;
    };
    for (const entry of await readEntries(file, (await handle.stat()).size, read))
      await extractEntry(file, root, entry, read);
  } finally {
    await handle.close();
  }
  return root;
}

async function extractEntry(file: string, root: string, entry: Entry, read: Read): Promise<void> {
  {
    const target = path.resolve(root, entry.name);
    if (!target.startsWith(root + path.sep))
      throw new GrapeError(
        `The archive entry '${entry.name}' would be written outside the extraction directory: refusing it.`,
      );
    if (entry.name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      return;
    }
    if (entry.method !== 0 && entry.method !== 8)
      throw new GrapeError(
        `The archive entry '${entry.name}' uses compression method ${entry.method}, which Grape does not extract.`,
      );
    const local = await read(entry.localOffset, 30);
    if (local.readUInt32LE(0) !== 0x04034b50)
      throw new GrapeError(`The archive entry '${entry.name}' has a damaged header.`);
    const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    await mkdir(path.dirname(target), { recursive: true });
    const source = createReadStream(file, {
      start,
      end: start + entry.compressedSize - 1,
      highWaterMark: 1 << 20,
    });
    const output = createWriteStream(target, { mode: entry.mode || 0o644 });
    if (entry.method === 8)
      await pipeline(source, createInflateRaw({ chunkSize: 1 << 20 }), output);
    else await pipeline(source, output);
    if (output.bytesWritten !== entry.size)
      throw new GrapeError(
        `The archive entry '${entry.name}' has ${output.bytesWritten} bytes, not the ${entry.size} its header says.`,
      );
  }
}
