/**
 * A streaming JSON scanner that materialises only the values a `Selector` asks for and skips
 * everything else at memchr speed. Built for `terraform show -json` documents that may be larger
 * than V8's string limit: memory stays bounded by the nesting depth and the captured values
 * (each capped at `maxCapture` bytes), never by the document's size. Skipped values are checked
 * for balance only (value-skipper.ts).
 */
import {
  JsonShapeError,
  SKIP,
  type Frame,
  type Scalar,
  type Selector,
  type Want,
} from './json-shape.js';
import { FrameStack } from './frame-stack.js';
import { LiteralReader, QUOTE, QuoteFinder, isSpace } from './json-tokens.js';
import { StringCapture } from './string-capture.js';
import { ValueSkipper } from './value-skipper.js';

export { JsonShapeError, SKIP, type Frame, type Scalar, type Selector, type Want };

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

export class JsonSelector {
  private state = S.Start;
  private readonly frames: FrameStack;
  private want: Want = SKIP;
  private offset = 0;
  private readonly quotes = new QuoteFinder();
  private readonly skipper = new ValueSkipper(this.quotes);
  /** String capture (keys and captured values). */
  private readonly capture = new StringCapture(this.quotes);
  private readonly literal = new LiteralReader();
  private readonly failAt = (message: string, at: number): never => this.fail(message, at);

  constructor(
    private readonly selector: Selector,
    private readonly maxCapture = 8192,
  ) {
    this.frames = new FrameStack(selector, this.failAt);
  }

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
        this.frames.push({ kind: this.selector.rootKind, array: false, key: '', data: undefined });
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
        const top = this.frames.top();
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
    if (mode === 'present' && !isNull)
      this.selector.value(this.frames.top(), want.field!, 'present');
    if (mode === 'sensitive' && (c === 0x7b || c === 0x5b)) {
      // A structure of *_sensitive flags: something inside is sensitive.
      this.selector.value(this.frames.top(), want.field!, 'sensitive');
    }
    if (mode === 'object' || mode === 'array') {
      const open = mode === 'object' ? 0x7b : 0x5b;
      if (c === open) {
        const parent = this.frames.top();
        const key = parent.array ? '' : this.currentKey;
        this.frames.push({ kind: want.kind ?? 0, array: mode === 'array', key, data: undefined });
        if (mode === 'array') {
          this.want = this.selector.item(this.frames.top());
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
    this.literal.begin();
    this.state = S.Literal;
    return i;
  }

  private currentKey = '';

  private pop(i: number): number {
    this.frames.pop(i);
    this.afterValue();
    return i + 1;
  }

  private afterValue(): void {
    this.state = this.frames.depth === 0 ? S.Done : S.CommaOrEnd;
  }

  // ── strings ──────────────────────────────────────────────────────────────────────────────
  private beginString(state: S.Key | S.String, i: number): number {
    this.state = state;
    this.capture.begin();
    return i + 1;
  }

  private string(chunk: Buffer, i: number, n: number): number {
    const limit = this.state === S.Key ? 1024 : this.maxCapture;
    const end = this.capture.read(chunk, i, n, limit);
    if (end === -1) return n;
    const text = this.capture.text();
    if (this.state === S.Key) {
      this.currentKey = text;
      this.want = this.selector.key(this.frames.top(), text);
      this.state = S.Colon;
    } else {
      const top = this.frames.top();
      this.selector.value(top, this.want.field ?? '', text);
      this.afterValue();
    }
    return end + 1;
  }

  // ── literals (numbers, true, false, null) ───────────────────────────────────────────────
  private literalBytes(chunk: Buffer, i: number, n: number): number {
    const end = this.literal.read(chunk, i, n, this.failAt);
    if (end === -1) return n; // continues in the next chunk
    const value = this.literal.value(end, this.failAt);
    const want = this.want;
    if (want.mode === 'sensitive') {
      if (value === true) this.selector.value(this.frames.top(), want.field!, 'sensitive');
    } else if (want.mode === 'scalar')
      this.selector.value(this.frames.top(), want.field ?? '', value);
    this.afterValue();
    return end;
  }

  // ── skipping ────────────────────────────────────────────────────────────────────────────
  /** Starts skipping a string, object or array whose first byte `c` is at `i`. */
  private beginSkip(c: number, i: number): number {
    this.state = S.Skip;
    this.skipper.begin(c);
    return i + 1;
  }

  /** Skips bytes of the current value; returns the index after what it consumed. */
  private skip(chunk: Buffer, i: number, n: number): number {
    const next = this.skipper.scan(chunk, i, n, this.failAt);
    if (this.skipper.done) this.afterValue();
    return next;
  }
}
