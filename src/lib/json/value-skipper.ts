/**
 * Skips one JSON value the selector does not want (a string, object or array) at memchr speed:
 * only bracket balance and string termination are checked, nothing is kept. So a truncated or
 * unbalanced document fails; a malformed number deep inside a skipped attribute value does not
 * (terraform never writes one, and the summary never reads it).
 */
import { QUOTE, type QuoteFinder } from './json-tokens.js';

export class ValueSkipper {
  /** The open brackets of the value being skipped. */
  private readonly stack: number[] = [];
  private inString = false;
  /** The value is a string (not a structure): it ends at its closing quote. */
  private scalar = false;
  /** Set once the skipped value has ended. */
  done = false;

  constructor(private readonly quotes: QuoteFinder) {}

  /** Starts skipping a value whose first byte is `c`. */
  begin(c: number): void {
    this.stack.length = 0;
    this.quotes.reset();
    this.inString = c === QUOTE;
    this.scalar = c === QUOTE;
    this.done = false;
    if (!this.scalar) this.stack.push(c);
  }

  /** Consumes bytes of the value from chunk[i, n); returns the index after what it consumed. */
  scan(chunk: Buffer, i: number, n: number, fail: (message: string, at: number) => never): number {
    const stack = this.stack;
    while (i < n) {
      if (this.inString) {
        const end = this.quotes.find(chunk, i, n);
        if (end === -1) return n;
        i = end + 1;
        this.inString = false;
        if (this.scalar) {
          this.done = true;
          return i;
        }
        continue;
      }
      const c = chunk[i++]!;
      if (c === QUOTE) {
        this.inString = true;
        this.quotes.reset();
      } else if (c === 0x7b || c === 0x5b) {
        stack.push(c);
        if (stack.length > 10000) fail('nesting is too deep', i);
      } else if (c === 0x7d || c === 0x5d) {
        const open = stack.pop();
        if (open !== (c === 0x7d ? 0x7b : 0x5b)) fail('unbalanced brackets', i - 1);
        if (stack.length === 0) {
          this.done = true;
          return i;
        }
      }
    }
    return i;
  }
}
