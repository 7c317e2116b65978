/**
 * The byte-level pieces of the streaming JSON scanner (json-selector.ts): whitespace and
 * delimiters, finding a string's closing quote across chunk boundaries, decoding escapes, and
 * reading literals (numbers are kept as their source text).
 */
import type { Scalar } from './json-shape.js';

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
export const isDelimiter = (c: number): boolean =>
  c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a || isSpace(c);

/** Finds closing quotes, carrying a run of backslashes over from the previous chunk. */
export class QuoteFinder {
  /** Backslashes at the end of the previous chunk inside the current string. */
  private carry = 0;

  reset(): void {
    this.carry = 0;
  }

  /** Index of the closing quote in chunk[i, n), or -1; tracks escapes across chunk ends. */
  find(chunk: Buffer, i: number, n: number): number {
    let from = i;
    for (;;) {
      const q = chunk.indexOf(QUOTE, from);
      if (q === -1 || q >= n) {
        let k = n - 1;
        while (k >= from && chunk[k] === BACKSLASH) k--;
        const run = n - 1 - k;
        this.carry = k < from ? this.carry + run : run;
        return -1;
      }
      let k = q - 1;
      while (k >= from && chunk[k] === BACKSLASH) k--;
      let run = q - 1 - k;
      if (k < from) run += this.carry;
      this.carry = 0;
      if (run % 2 === 0) return q;
      from = q + 1;
    }
  }
}

/** Reads a literal (number, true, false, null) that may span chunks. */
export class LiteralReader {
  private text = '';

  begin(): void {
    this.text = '';
  }

  /** Reads literal bytes from chunk[i, n): the index where the literal ends, or -1 when it goes on. */
  read(chunk: Buffer, i: number, n: number, fail: (message: string, at: number) => never): number {
    let k = i;
    while (k < n && !isDelimiter(chunk[k]!)) k++;
    this.text += chunk.toString('latin1', i, k);
    if (this.text.length > 512) fail('a JSON literal is too long', i);
    return k === n ? -1 : k;
  }

  /** The literal that ended at `at`. */
  value(at: number, fail: (message: string, at: number) => never): Scalar {
    const value = parseLiteral(this.text);
    if (value === undefined)
      fail(`invalid JSON literal '${this.text.slice(0, 40)}'`, at - this.text.length);
    return value;
  }
}

/** A literal's value (true, false, null or a number as its text); undefined when it is none. */
export function parseLiteral(text: string): Scalar | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return { number: text };
  return undefined;
}

export function decodeJsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    // Truncated capture cut inside an escape: drop the dangling part.
    return JSON.parse(`"${raw.replace(/\\[^"]*$/, '')}"`) as string;
  }
}
