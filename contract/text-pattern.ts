/**
 * What a free-text field may hold: no control characters (C0 incl. NUL, DEL, C1) and no lone
 * surrogates. PostgreSQL refuses NUL in text and jsonb and a lone surrogate cannot be encoded as
 * UTF-8, so without this they surface as a 500 deep in the store; control characters also forge
 * log lines and terminal output. Multi-line fields (a variable's value, an error) may also hold
 * tab, LF and CR. The patterns give the same verdict with and without the regular expression `u`
 * flag (Ajv compiles patterns with it, TypeBox's Value.Check without), so one schema holds on both
 * sides of the contract.
 */

/** One allowed UTF-16 unit, or one well-formed surrogate pair; `extra`: more excluded characters. */
const charClass = (extra = '') =>
  `(?:[^${extra}\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])`;

/** A single-line text field. */
export const TEXT_PATTERN = `^${charClass()}*$`;
/** A multi-line text field: also tab, LF and CR. */
export const MULTILINE_TEXT_PATTERN = `^(?:${charClass()}|[\\t\\n\\r])*$`;
/** One or more characters, none of them in `excluded` (a regular-expression class body). */
export const textPatternExcluding = (excluded: string): string => `^${charClass(excluded)}+$`;

/** The first character no text field accepts, for messages that say which and where. */
export function firstUnsafeCharacter(
  text: string,
  multiline = false,
): { readonly index: number; readonly what: string } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    if (c >= 0xd800 && c <= 0xdfff) return { index: i, what: `a lone surrogate (${hex})` };
    if (multiline && (c === 9 || c === 10 || c === 13)) continue;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f))
      return { index: i, what: `a control character (${hex})` };
  }
  return undefined;
}
