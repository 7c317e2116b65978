/**
 * A local run's log file, bounded: the first `headBytes` go to the file as they come (so
 * `grape logs` shows a running deployment's progress), then only the last `tailBytes` are kept in
 * memory and appended when the run ends, after a line saying how much was left out. A chatty
 * module cannot fill the disk, and the end of the log, where errors are, is always there.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface BoundedLog {
  write(chunk: Buffer): void;
  /** Appends the kept tail and closes the file. */
  end(): Promise<void>;
}

export function openBoundedLog(
  file: string,
  limits: { readonly headBytes: number; readonly tailBytes: number } = {
    headBytes: 512 * 1024,
    tailBytes: 512 * 1024,
  },
): BoundedLog {
  const out = createWriteStream(file, { mode: 0o600 });
  let head = 0;
  let tail: Buffer[] = [];
  let tailLength = 0;
  let dropped = 0;
  return {
    write(chunk) {
      if (head < limits.headBytes) {
        const room = limits.headBytes - head;
        out.write(chunk.subarray(0, room));
        head += Math.min(room, chunk.length);
        if (chunk.length <= room) return;
        chunk = chunk.subarray(room);
      }
      tail.push(chunk);
      tailLength += chunk.length;
      while (tailLength - (tail[0]?.length ?? 0) >= limits.tailBytes) {
        dropped += tail[0]!.length;
        tailLength -= tail.shift()!.length;
      }
    },
    async end() {
      let kept = Buffer.concat(tail);
      if (kept.length > limits.tailBytes) {
        dropped += kept.length - limits.tailBytes;
        kept = kept.subarray(kept.length - limits.tailBytes);
      }
      if (dropped > 0) out.write(`\n[grape: ${dropped} bytes of this log left out]\n`);
      out.write(kept);
      tail = [];
      out.end();
      await once(out, 'close');
    },
  };
}
