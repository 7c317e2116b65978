/**
 * The runner's log masking, for output the dispatcher keeps (a local run's log): a line
 * `::add-mask::<value>` registers the value and is not kept, and every later line has each
 * registered value replaced by `***`, as actions/runner's AddMaskCommandExtension and SecretMasker
 * do (actions/runner src/Runner.Worker/ActionCommandManager.cs). The value arrives escaped as
 * @actions/core's command data (%25, %0D, %0A); a multi-line value is also masked line by line.
 */
export interface LogMasker {
  /** Complete lines (each ending in '\n') in; the same lines, masked, out. */
  maskLines(text: string): string;
  /** Registers a value (the action's own masked values, when streaming from the action). */
  add(value: string): void;
  /** Masks a text with what is registered so far, without reading commands from it. */
  mask(text: string): string;
}

const ADD_MASK = /^::add-mask::(.*)$/;
const unescapeData = (s: string): string =>
  s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createLogMasker(): LogMasker {
  const values = new Set<string>();
  let pattern: RegExp | undefined;
  const add = (value: string): void => {
    const parts = [value, ...value.split(/\r?\n/)].map((v) => v.trim()).filter((v) => v !== '');
    let changed = false;
    for (const part of parts) {
      if (values.has(part)) continue;
      values.add(part);
      changed = true;
    }
    // Longest first, so a value containing another is masked whole.
    if (changed)
      pattern = new RegExp(
        [...values]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      );
  };
  const mask = (text: string): string => (pattern ? text.replace(pattern, '***') : text);
  return {
    add,
    mask,
    maskLines(text) {
      let out = '';
      for (const line of text.split(/(?<=\n)/)) {
        const command = ADD_MASK.exec(line.replace(/\r?\n$/, ''));
        if (command) add(unescapeData(command[1]!));
        else out += mask(line);
      }
      return out;
    },
  };
}
