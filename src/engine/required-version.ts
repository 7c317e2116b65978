/**
 * The root module's `required_version` constraints, read from `terraform { required_version = … }`
 * in .tf files and `{"terraform": {"required_version": …}}` in .tf.json files. OpenTofu also reads
 * .tofu / .tofu.json files, each replacing the .tf file of the same name.
 *
 * A small HCL scanner rather than a full parser: it skips comments, strings and heredocs so a
 * `required_version` inside them is not mistaken for the real one, and only looks at attributes
 * directly inside top-level `terraform` blocks. Interpolated values are refused (terraform
 * refuses them too).
 */
import type { EngineName } from '../config/engine-config.js';

export interface ModuleFile {
  readonly name: string;
  readonly text: string;
}

/** Which files of a directory listing the engine reads as configuration. */
export function configFileNames(names: readonly string[], engine: EngineName): string[] {
  const tf = names.filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json'));
  if (engine !== 'opentofu') return tf.sort();
  const tofu = names.filter((n) => n.endsWith('.tofu') || n.endsWith('.tofu.json'));
  const replaced = new Set(tofu.map((n) => n.replace(/\.tofu(\.json)?$/, '.tf$1')));
  return [...tf.filter((n) => !replaced.has(n)), ...tofu].sort();
}

/** Every required_version string found, with the file it came from. */
export function requiredVersions(
  files: readonly ModuleFile[],
): Array<{ file: string; constraint: string }> {
  const found: Array<{ file: string; constraint: string }> = [];
  for (const file of files) {
    const values = file.name.endsWith('.json') ? fromJson(file.text) : fromHcl(file.text);
    for (const constraint of values) found.push({ file: file.name, constraint });
  }
  return found;
}

function fromJson(text: string): string[] {
  try {
    const doc = JSON.parse(text) as { terraform?: unknown };
    const blocks = Array.isArray(doc.terraform) ? doc.terraform : [doc.terraform];
    return blocks
      .map((b) => (b as { required_version?: unknown } | undefined)?.required_version)
      .filter((v): v is string => typeof v === 'string');
  } catch {
    return [];
  }
}

/** Scans HCL: returns required_version values of top-level terraform blocks. */
export function fromHcl(text: string): string[] {
  const found: string[] = [];
  let depth = 0;
  /** Depth at which the current top-level `terraform` block's body is, or -1. */
  let terraformBody = -1;
  let lastWords: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === '"') {
      i = skipString(text, i);
      lastWords = [];
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        const close = new RegExp(`\\n\\s*${m[1]}\\s*(\\r?\\n|$)`, 'g');
        close.lastIndex = i + m[0].length - 1;
        const end = close.exec(text);
        i = end ? end.index + end[0].length : n;
        continue;
      }
    }
    if (c === '{') {
      if (depth === 0 && lastWords.length === 1 && lastWords[0] === 'terraform') terraformBody = 1;
      depth++;
      lastWords = [];
      i++;
      continue;
    }
    if (c === '}') {
      depth--;
      if (depth < terraformBody) terraformBody = -1;
      lastWords = [];
      i++;
      continue;
    }
    const word = /^[A-Za-z_][\w-]*/.exec(text.slice(i, i + 64));
    if (word) {
      const name = word[0];
      i += name.length;
      if (depth === terraformBody && name === 'required_version') {
        const m = /^\s*=\s*"((?:[^"\\$]|\\.)*)"/.exec(text.slice(i, i + 512));
        if (m) {
          found.push(JSON.parse(`"${m[1]}"`) as string);
          i += m[0].length;
          continue;
        }
      }
      lastWords = depth === 0 ? [...lastWords, name] : [];
      continue;
    }
    if (c === '\n' && depth === 0) lastWords = [];
    i++;
  }
  return found;
}

/** Index after the string starting at `start`, templates (`${ "…" }`) included. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '\n')
      return i; // unterminated: let the engine report it
    else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{')
      i += 3; // `$${` / `%%{` are escapes, not templates
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = skipTemplate(text, i + 2);
    else i++;
  }
  return i;
}

function skipTemplate(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') i = skipString(text, i);
    else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  return i;
}
