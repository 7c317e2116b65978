/**
 * The contract between the streaming JSON scanner (json-selector.ts) and a selector: what the
 * selector wants of each value, the frames it sees, the scalars it gets, the error it may see.
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

/** Skip the value: the selector does not want it. */
export const SKIP: Want = { mode: 'skip' };
