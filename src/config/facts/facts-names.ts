/** Rules for the names the facts step writes into refs, paths and Kubernetes labels. */
/**
 * Project and environment names end up in a branch (`grape/facts/<project>/<environment>`), a path
 * and Kubernetes label values: alphanumeric runs joined by single '.', '_' or '-', ≤ 63 characters.
 */
export function nameProblem(value: string): string | undefined {
  if (value.length > 63) return 'longer than 63 characters';
  if (!/^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/.test(value))
    return 'not a plain name (letters and digits, joined by single . _ or -)';
  if (value.endsWith('.lock')) return "it ends with '.lock', which git refuses in branch names";
  return undefined;
}

/** git check-ref-format's rules for a branch name, with the fix a user most likely needs. */
export function branchProblem(value: string): string | undefined {
  if (value.startsWith('refs/'))
    return "it is a full ref; give the branch name without 'refs/heads/'";
  if (
    value.startsWith('-') ||
    value.startsWith('/') ||
    value.endsWith('/') ||
    value.endsWith('.') ||
    value.endsWith('.lock') ||
    value.includes('..') ||
    value.includes('//') ||
    value.includes('@{') ||
    value === '@' ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0020\u007f~^:?*[\\]/.test(value) ||
    value.split('/').some((s) => s.startsWith('.'))
  )
    return 'not a valid git branch name';
  return undefined;
}
