/**
 * Where the facts file goes inside the GitOps repository, and the rules that keep it there: a
 * relative path of plain segments, never into `.git/`, never through a symlink (checked against the
 * repository by each committer).
 */

/** The shapes the facts document is written in (facts-format). */
export const FACTS_FORMATS = ['yaml', 'json', 'helm-values', 'configmap'] as const;
export type FactsFormat = (typeof FACTS_FORMATS)[number];

/** `facts/<project>/<environment>.yaml` (`.json` for the json format). */
export function defaultFactsPath(
  project: string,
  environment: string,
  format: FactsFormat,
): string {
  return `facts/${project}/${environment}.${format === 'json' ? 'json' : 'yaml'}`;
}

/** What is wrong with a path given as `facts-path`, or undefined when it is acceptable. */
export function factsPathProblem(path: string): string | undefined {
  if (path.includes('\\')) return "it contains '\\' (use '/' between folders)";
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
    return 'it is absolute (it must be relative to the repository root)';
  if (path.endsWith('/')) return 'it names a folder, not a file';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'it contains control characters';
  const segments = path.split('/');
  if (segments.some((s) => s === '')) return "it has an empty segment ('//')";
  if (segments.some((s) => s === '..')) return "it contains '..'";
  if (segments.some((s) => s === '.')) return "it contains '.' segments";
  if (segments.some((s) => s.toLowerCase() === '.git'))
    return "it goes into '.git' (git's own folder)";
  if (path.length > 1024) return 'it is longer than 1024 characters';
  return undefined;
}

/** Every proper prefix of the path: `a/b/c.yaml` → `a`, `a/b`. */
export function parentsOf(path: string): string[] {
  const segments = path.split('/');
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
}
