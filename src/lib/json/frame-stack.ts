/** The open objects and arrays of a streamed JSON document, as frames the selector sees open and close. */
import type { Frame, Selector } from './json-shape.js';

/** Deeper than any terraform plan nests; a bound so a hostile document cannot grow the stack. */
const MAX_DEPTH = 512;

export class FrameStack {
  private readonly frames: Frame[] = [];

  constructor(
    private readonly selector: Selector,
    private readonly fail: (message: string, at: number) => never,
  ) {}

  get depth(): number {
    return this.frames.length;
  }

  top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  push(frame: Frame): void {
    if (this.frames.length > MAX_DEPTH) this.fail('nesting is too deep', 0);
    this.frames.push(frame);
    this.selector.open?.(frame);
  }

  /** Closes the innermost frame, whose closing bracket is at `i`. */
  pop(i: number): void {
    const frame = this.frames.pop();
    if (!frame) this.fail('unbalanced brackets', i);
    this.selector.close?.(frame);
  }
}
