/**
 * Captures a JSON string that may span chunks, keeping at most `limit` bytes of it (a key or a
 * value the selector asked for), and decodes its escapes once it has ended.
 */
import { decodeJsonString, type QuoteFinder } from './json-tokens.js';

export class StringCapture {
  private pieces: Buffer[] = [];
  private captured = 0;

  constructor(private readonly quotes: QuoteFinder) {}

  begin(): void {
    this.pieces = [];
    this.captured = 0;
    this.quotes.reset();
  }

  /** Reads string bytes from chunk[i, n): the index of its closing quote, or -1 when it goes on. */
  read(chunk: Buffer, i: number, n: number, limit: number): number {
    const end = this.quotes.find(chunk, i, n);
    const stop = end === -1 ? n : end;
    if (stop > i && this.captured < limit) {
      const take = Math.min(stop - i, limit - this.captured);
      this.pieces.push(chunk.subarray(i, i + take));
      this.captured += take;
    }
    if (end === -1 && this.pieces.length > 0) {
      // Keep references only to what we captured; copy so the caller may reuse its buffer.
      const last = this.pieces.length - 1;
      this.pieces[last] = Buffer.from(this.pieces[last]!);
    }
    return end;
  }

  /** The captured string, escapes decoded (a truncated capture drops a dangling escape). */
  text(): string {
    const raw = Buffer.concat(this.pieces).toString('utf8');
    return raw.includes('\\') ? decodeJsonString(raw) : raw;
  }
}
