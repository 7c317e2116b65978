/** Readers for the facts inputs that need more than InputReader's basics. */
import type { InputReader } from '../../inputs/input-reader.js';
import { nameProblem } from './facts-names.js';

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

export function sameHost(url: string, serverUrl: string): boolean {
  try {
    return new URL(url).host === new URL(serverUrl).host;
  } catch {
    return false;
  }
}

export function secretFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  mask: (value: string) => void,
): string | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  mask(value);
  return value;
}

export function readName(
  inputs: InputReader,
  name: 'project' | 'environment',
  fallback: string | undefined,
): string | undefined {
  const value = inputs.string(name) ?? fallback;
  const example = name === 'project' ? 'shop' : 'prod';
  if (value === undefined) {
    inputs.failCombination(
      name,
      `Input '${name}' is required when facts are published: it names the facts file and the pull-request branch. Add e.g. \`${name}: ${example}\`.`,
    );
    return undefined;
  }
  const problem = nameProblem(value);
  if (problem) {
    inputs.fail(
      name,
      value,
      problem,
      `Use letters and digits, optionally joined by single '.', '_' or '-' (at most 63 characters), e.g. '${example}'.`,
    );
    return undefined;
  }
  return value;
}

export function readAuthor(inputs: InputReader): GitIdentity | undefined {
  const value = inputs.string('facts-commit-author');
  if (value === undefined) return undefined;
  const m = /^([^<>\n]+?)\s*<([^<>\s@]+@[^<>\s@]+)>$/.exec(value);
  if (m) return { name: m[1]!.trim(), email: m[2]! };
  inputs.fail(
    'facts-commit-author',
    value,
    "not of the form 'Name <email>'",
    "Use e.g. 'Grape Bot <grape-bot@example.com>'.",
  );
  return undefined;
}

/**
 * Glob lists: newline- or comma-separated, except commas inside braces (`{vpc,subnet}_*`).
 * Output names are Terraform identifiers, so a '/' can never match and is refused.
 */
export function readGlobs(inputs: InputReader, name: string): string[] {
  const value = inputs.string(name);
  if (value === undefined) return [];
  const globs: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value) {
    if (char === '{') depth++;
    if (char === '}') depth = Math.max(0, depth - 1);
    if ((char === ',' && depth === 0) || char === '\n') {
      globs.push(current);
      current = '';
    } else current += char;
  }
  globs.push(current);
  const result = globs.map((g) => g.trim()).filter((g) => g !== '');
  for (const glob of result) {
    if (glob.includes('/') || /\s/.test(glob) || depth > 0)
      inputs.fail(
        name,
        glob,
        'not a glob over output names',
        "Output names have no '/' or spaces; list globs such as 'vpc_*', 'cluster_endpoint', '{db,cache}_host', separated by commas or newlines.",
      );
  }
  return result;
}
