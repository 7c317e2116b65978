/**
 * Just enough of POSIX shell to check documented commands: continuation lines, comments, quotes,
 * `$(…)` substitutions, `&&` `||` `;` `|` `&` separators and redirections. Not an interpreter:
 * variables are left as written.
 */
export interface ShellWord {
  /** The word without its quotes (substitutions and `$VARS` left as written). */
  readonly text: string;
  /** Contents of each `$(…)` in the word. */
  readonly substitutions: readonly string[];
}

export interface ShellCommand {
  readonly words: readonly ShellWord[];
  /** The previous command of a pipeline (`a | b`: b's `pipedFrom` is a). */
  readonly pipedFrom: ShellCommand | undefined;
  /** The command as written, for messages. */
  readonly source: string;
}

/** Splits a script into simple commands; throws on an unterminated quote or substitution. */
export function parseShell(script: string): ShellCommand[] {
  const text = script.replace(/\\\r?\n/g, ' ');
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let start = 0;
  let pipedFrom: ShellCommand | undefined;
  let skipNext = false;
  let i = 0;

  const finish = (end: number, piped: boolean): void => {
    if (words.length > 0) {
      const command: ShellCommand = {
        words,
        pipedFrom,
        source: text.slice(start, end).trim(),
      };
      commands.push(command);
      pipedFrom = piped ? command : undefined;
    } else pipedFrom = undefined;
    words = [];
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      finish(i, false);
      start = ++i;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '&' || c === '|') {
      const double = text[i + 1] === c;
      finish(i, c === '|' && !double);
      i += double ? 2 : 1;
      start = i;
      continue;
    }
    if (c === '>' || c === '<' || (/\d/.test(c) && (text[i + 1] === '>' || text[i + 1] === '<'))) {
      while (i < text.length && /[\d<>&]/.test(text[i]!)) i++;
      skipNext = !/&\d?$/.test(text.slice(0, i)); // `2>&1` has no target word
      continue;
    }
    const word = readWord(text, i);
    i = word.end;
    if (skipNext) skipNext = false;
    else words.push({ text: word.text, substitutions: word.substitutions });
  }
  finish(text.length, false);
  return commands;
}

function readWord(
  text: string,
  from: number,
): { text: string; substitutions: string[]; end: number } {
  let out = '';
  const substitutions: string[] = [];
  let i = from;
  while (i < text.length && !/[\s;&|<>]/.test(text[i]!)) {
    const c = text[i]!;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) throw new Error(`unterminated ' in: ${text.slice(from, from + 60)}`);
      out += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          out += text[i + 1];
          i += 2;
        } else if (text.startsWith('$(', i)) {
          const sub = readSubstitution(text, i);
          substitutions.push(sub.inner);
          out += text.slice(i, sub.end);
          i = sub.end;
        } else out += text[i++];
      }
      if (i >= text.length) throw new Error(`unterminated " in: ${text.slice(from, from + 60)}`);
      i++;
    } else if (text.startsWith('$(', i)) {
      const sub = readSubstitution(text, i);
      substitutions.push(sub.inner);
      out += text.slice(i, sub.end);
      i = sub.end;
    } else if (c === '\\' && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
    } else out += text[i++];
  }
  return { text: out, substitutions, end: i };
}

function readSubstitution(text: string, from: number): { inner: string; end: number } {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { inner: text.slice(from + 2, i), end: i + 1 };
  }
  throw new Error(`unterminated $( in: ${text.slice(from, from + 60)}`);
}

/** `NAME=value` words before the command name (and every word of `export`). */
export function splitAssignments(command: ShellCommand): {
  readonly assignments: ReadonlyMap<string, string>;
  readonly argv: readonly ShellWord[];
} {
  const assignments = new Map<string, string>();
  const words = [...command.words];
  const isExport = words[0]?.text === 'export';
  if (isExport) words.shift();
  while (words.length > 0) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[0]!.text);
    if (!m) break;
    assignments.set(m[1]!, m[2]!);
    words.shift();
  }
  return { assignments, argv: isExport ? [] : words };
}
