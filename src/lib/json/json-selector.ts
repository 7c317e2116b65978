/**
 * A streaming JSON scanner that materialises only the values a `Selector` asks for and skips
 * everything else at memchr speed. Built for `terraform show -json` documents that may be larger
 * than V8's string limit: memory stays bounded by the nesting depth and the captured values
 * (each capped at `maxCapture` bytes), never by the document's size.
 *
 * Skipped regions are checked for bracket balance and string termination, not for full JSON
 * grammar: a truncated or unbalanced document fails; a malformed number deep inside a skipped
 * attribute value does not (terraform never writes one, and the summary never reads it).
 */

/** What to do with the value that follows a key or starts an array element. */
export interface Want {
  readonly mode: 'skip' | 'scalar' | 'object' | 'array' | 'present' | 'sensitive';
  /** Frame kind for `object`/`array`, chosen by the selector. */
  readonly kind?: number;
  /** Name handed back to `Selector.value` for `scalar`/`present`/`sensitive`. */
  readonly field?: string;
}

export interface Frame {
  readonly kind: number;
  readonly array: boolean;
  /** The key this frame's value had in its parent object (or '' for array elements / root). */
  readonly key: string;
  /** Free slot for the selector (e.g. the record being filled). */
  data: unknown;
}

/** A scalar as captured: strings decoded, literals as JS values, numbers as their source text. */
export type Scalar = string | boolean | null | { readonly number: string };

export interface Selector {
  /** The root value's kind; the root must be an object. */
  readonly rootKind: number;
  key(frame: Frame, key: string): Want;
  item(frame: Frame): Want;
  open?(frame: Frame): void;
  close?(frame: Frame): void;
  value(frame: Frame, field: string, value: Scalar | 'present' | 'sensitive'): void;
}

export class JsonShapeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const SKIP_WANT: Want = { mode: 'skip' };
export const SKIP = SKIP_WANT;

const enum S {
  Start,
  Value,
  ArrayFirst,
  KeyOrEnd,
  Key,
  Colon,
  CommaOrEnd,
  String,
  Literal,
  Skip,
  Done,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDelimiter = (c: number): boolean =>
  c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a || isSpace(c);

export class JsonSelector {
  private state = S.Start;
  private readonly frames: Frame[] = [];
  private want: Want = SKIP_WANT;
  private offset = 0;
  // String capture (keys and captured values).
  private pieces: Buffer[] = [];
  private captured = 0;
  /** Backslashes at the end of the previous chunk inside the current string. */
  private carry = 0;
  // Skipping: a stack of open brackets and whether we are inside a string.
  private skipStack: number[] = [];
  private skipInString = false;
  private skipScalar = false;
  private literal = '';

  constructor(
    private readonly selector: Selector,
    private readonly maxCapture = 8192,
  ) {}

  /** Feeds the next chunk of the document. Throws JsonShapeError on malformed input. */
  write(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case S.Skip:
          i = this.skip(chunk, i, n);
          break;
        case S.String:
        case S.Key:
          i = this.string(chunk, i, n);
          break;
        case S.Literal:
          i = this.literalBytes(chunk, i, n);
          break;
        default: {
          const c = chunk[i]!;
          if (isSpace(c)) {
            i++;
            continue;
          }
          i = this.structural(c, i);
        }
      }
    }
    this.offset += n;
  }

  /** Declares the end of the document. */
  end(): void {
    if (this.state !== S.Done) {
      throw new JsonShapeError(
        this.state === S.Start
          ? 'the document is empty'
          : 'the document ends in the middle of a JSON value (truncated output?)',
        this.offset,
      );
    }
  }

  private fail(message: string, at: number): never {
    throw new JsonShapeError(message, this.offset + at);
  }

  /** Handles one structural byte at `i`; returns the index to continue from. */
  private structural(c: number, i: number): number {
    switch (this.state) {
      case S.Start:
        if (c !== 0x7b) this.fail('the document is not a JSON object', i);
        this.push({ kind: this.selector.rootKind, array: false, key: '', data: undefined });
        this.state = S.KeyOrEnd;
        return i + 1;
      case S.Done:
        this.fail('unexpected data after the end of the JSON document', i);
      // falls through (fail never returns)
      case S.KeyOrEnd:
        if (c === QUOTE) return this.beginString(S.Key, i);
        if (c === 0x7d) return this.pop(i);
        this.fail(`expected an object key or '}', found '${String.fromCharCode(c)}'`, i);
      // falls through
      case S.Colon:
        if (c !== 0x3a) this.fail(`expected ':', found '${String.fromCharCode(c)}'`, i);
        this.state = S.Value;
        return i + 1;
      case S.CommaOrEnd: {
        const top = this.frames[this.frames.length - 1]!;
        if (c === 0x2c) {
          if (top.array) {
            this.want = this.selector.item(top);
            this.state = S.Value;
          } else this.state = S.KeyOrEnd;
          return i + 1;
        }
        if (c === (top.array ? 0x5d : 0x7d)) return this.pop(i);
        this.fail(`expected ',' or '${top.array ? ']' : '}'}'`, i);
      }
      // falls through
      case S.ArrayFirst:
        if (c === 0x5d) return this.pop(i);
        this.state = S.Value;
        return this.beginValue(c, i);
      case S.Value:
        return this.beginValue(c, i);
      default:
        this.fail('internal scanner state error', i);
    }
  }

  /** A value starts with byte `c` at `i`; returns the index to continue from. */
  private beginValue(c: number, i: number): number {
    const want = this.want;
    const mode = want.mode;
    const isNull = c === 0x6e;
    if (mode === 'present' && !isNull) this.selector.value(this.top(), want.field!, 'present');
    if (mode === 'sensitive' && (c === 0x7b || c === 0x5b)) {
      // A structure of *_sensitive flags: something inside is sensitive.
      this.selector.value(this.top(), want.field!, 'sensitive');
    }
    if (mode === 'object' || mode === 'array') {
      const open = mode === 'object' ? 0x7b : 0x5b;
      if (c === open) {
        const parent = this.top();
        const key = parent.array ? '' : this.currentKey;
        this.push({ kind: want.kind ?? 0, array: mode === 'array', key, data: undefined });
        if (mode === 'array') {
          this.want = this.selector.item(this.top());
          this.state = S.ArrayFirst;
        } else this.state = S.KeyOrEnd;
        return i + 1;
      }
      if (!isNull) {
        this.fail(
          `expected ${mode === 'object' ? 'an object' : 'an array'} for '${this.currentKey}'`,
          i,
        );
      }
    }
    if (c === QUOTE) {
      if (mode === 'scalar') return this.beginString(S.String, i);
      return this.beginSkip(c, i);
    }
    if (c === 0x7b || c === 0x5b) return this.beginSkip(c, i);
    // A literal: read it in the Literal state, starting at this byte.
    this.literal = '';
    this.state = S.Literal;
    return i;
  }

  private currentKey = '';

  private top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private push(frame: Frame): void {
    if (this.frames.length > 512) this.fail('nesting is too deep', 0);
    this.frames.push(frame);
    this.selector.open?.(frame);
  }

  private pop(i: number): number {
    const frame = this.frames.pop();
    if (!frame) this.fail('unbalanced brackets', i);
    this.selector.close?.(frame);
    this.afterValue();
    return i + 1;
  }

  private afterValue(): void {
    this.state = this.frames.length === 0 ? S.Done : S.CommaOrEnd;
  }

  // ── strings ──────────────────────────────────────────────────────────────────────────────
  private beginString(state: S.Key | S.String, i: number): number {
    this.state = state;
    this.pieces = [];
    this.captured = 0;
    this.carry = 0;
    return i + 1;
  }

  private string(chunk: Buffer, i: number, n: number): number {
    const limit = this.state === S.Key ? 1024 : this.maxCapture;
    const end = this.findStringEnd(chunk, i, n);
    const stop = end === -1 ? n : end;
    if (stop > i && this.captured < limit) {
      const take = Math.min(stop - i, limit - this.captured);
      this.pieces.push(chunk.subarray(i, i + take));
      this.captured += take;
    }
    if (end === -1) {
      // Keep references only to what we captured; copy so the caller may reuse its buffer.
      if (this.pieces.length > 0) {
        const last = this.pieces.length - 1;
        this.pieces[last] = Buffer.from(this.pieces[last]!);
      }
      return n;
    }
    const raw = Buffer.concat(this.pieces).toString('utf8');
    const text = raw.includes('\\') ? decodeJsonString(raw) : raw;
    if (this.state === S.Key) {
      this.currentKey = text;
      this.want = this.selector.key(this.top(), text);
      this.state = S.Colon;
    } else {
      const top = this.top();
      this.selector.value(top, this.want.field ?? '', text);
      this.afterValue();
    }
    return end + 1;
  }

  /** Index of the closing quote in chunk[i, n), or -1; tracks escapes across chunk ends. */
  private findStringEnd(chunk: Buffer, i: number, n: number): number {
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

  // ── literals (numbers, true, false, null) ───────────────────────────────────────────────
  private literalBytes(chunk: Buffer, i: number, n: number): number {
    let k = i;
    while (k < n && !isDelimiter(chunk[k]!)) k++;
    this.literal += chunk.toString('latin1', i, k);
    if (this.literal.length > 512) this.fail('a JSON literal is too long', i);
    if (k === n) return k; // continues in the next chunk
    this.finishLiteral(k);
    return k;
  }

  private finishLiteral(at: number): void {
    const text = this.literal;
    let value: Scalar;
    if (text === 'true') value = true;
    else if (text === 'false') value = false;
    else if (text === 'null') value = null;
    else if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) value = { number: text };
    else this.fail(`invalid JSON literal '${text.slice(0, 40)}'`, at - text.length);
    const want = this.want;
    if (want.mode === 'sensitive') {
      if (value === true) this.selector.value(this.top(), want.field!, 'sensitive');
    } else if (want.mode === 'scalar') this.selector.value(this.top(), want.field ?? '', value);
    this.afterValue();
  }

  // ── skipping ────────────────────────────────────────────────────────────────────────────
  /** Starts skipping a string, object or array whose first byte `c` is at `i`. */
  private beginSkip(c: number, i: number): number {
    this.state = S.Skip;
    this.skipStack.length = 0;
    this.carry = 0;
    this.skipInString = c === QUOTE;
    this.skipScalar = c === QUOTE;
    if (!this.skipScalar) this.skipStack.push(c);
    return i + 1;
  }

  /** Skips bytes of the current value; returns the index after what it consumed. */
  private skip(chunk: Buffer, i: number, n: number): number {
    const stack = this.skipStack;
    while (i < n) {
      if (this.skipInString) {
        const end = this.findStringEnd(chunk, i, n);
        if (end === -1) return n;
        i = end + 1;
        this.skipInString = false;
        if (this.skipScalar) {
          this.afterValue();
          return i;
        }
        continue;
      }
      const c = chunk[i++]!;
      if (c === QUOTE) {
        this.skipInString = true;
        this.carry = 0;
      } else if (c === 0x7b || c === 0x5b) {
        stack.push(c);
        if (stack.length > 10000) this.fail('nesting is too deep', i);
      } else if (c === 0x7d || c === 0x5d) {
        const open = stack.pop();
        if (open !== (c === 0x7d ? 0x7b : 0x5b)) this.fail('unbalanced brackets', i - 1);
        if (stack.length === 0) {
          this.afterValue();
          return i;
        }
      }
    }
    return i;
  }
}

function decodeJsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    // Truncated capture cut inside an escape: drop the dangling part.
    return JSON.parse(`"${raw.replace(/\\[^"]*$/, '')}"`) as string;
  }
}
