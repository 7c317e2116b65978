/**
 * The values this run masks, applied to the log it streams to the dispatcher: every value given
 * to `setSecret` (credentials, the OIDC token, sensitive inputs) is replaced by `***`, as the
 * runner's own log masker replaces it in the job log; a multi-line value is also masked line by
 * line (actions/runner src/Runner.Worker/ActionCommandManager.cs, AddMaskCommandExtension).
 */
export interface MaskValues {
  add(value: string): void;
  mask(text: string): string;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function maskValues(): MaskValues {
  const values = new Set<string>();
  let pattern: RegExp | undefined;
  return {
    add(value) {
      const before = values.size;
      for (const part of [value, ...value.split(/\r?\n/)].map((v) => v.trim()))
        if (part !== '') values.add(part);
      if (values.size === before) return;
      // Longest first, so a value containing another is masked whole.
      pattern = new RegExp(
        [...values]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      );
    },
    mask: (text) => (pattern ? text.replace(pattern, '***') : text),
  };
}

/* eslint-disable no-control-regex -- matching control characters is the point */
const COLOUR = /\u001b\[[0-9;?]*[A-Za-z]/g;
const UNPRINTABLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

/**
 * Log text as the dispatcher takes it: terminal colour sequences removed, any other control
 * character but tab, LF and CR (and a lone surrogate) replaced by U+FFFD.
 */
export const printable = (text: string): string =>
  text.replace(COLOUR, '').replace(UNPRINTABLE, '\ufffd');
