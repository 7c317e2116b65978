/**
 * Failure reasons reach every viewer of a deployment; the server's file system layout is none of
 * their business. Known roots (the run's workspace, the source tree, the runs directory, the home
 * directory) become short labels; any other absolute path keeps only its last segment. Pure.
 */
import path from 'node:path';

export interface HostRoot {
  readonly dir: string;
  /** What it reads as, e.g. `<workspace>`. */
  readonly label: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An absolute POSIX or Windows path not preceded by a character that makes it part of a URL or a
 * relative path (`https://host/a`, `a/b`).
 */
const ABSOLUTE_PATH = /(^|[\s'"`(=[<,:])((?:\/|[A-Za-z]:\\)[^\s'"`)\]>,;]*)/g;

export function redactHostPaths(text: string, roots: readonly HostRoot[]): string {
  let out = text;
  // Longest first, so a workspace inside the runs directory reads as <workspace>.
  for (const root of [...roots].sort((a, b) => b.dir.length - a.dir.length)) {
    const dir = path.resolve(root.dir).replace(/[\\/]+$/, '');
    if (dir === '' || dir === path.parse(dir).root) continue;
    out = out.replace(new RegExp(`${escape(dir)}(?=$|[\\\\/\\s'"\`):,;\\]>])`, 'g'), root.label);
  }
  return out.replace(
    ABSOLUTE_PATH,
    (match, lead: string, p: string, offset: number, whole: string) => {
      // `scheme://…` stays: the path is a URL's.
      if (lead === ':' && whole.slice(offset + 1, offset + 3) === '//') return match;
      if (p.startsWith('//')) return match;
      const base = p.split(/[\\/]/).filter(Boolean).at(-1);
      return `${lead}<path>${base ? `/${base}` : ''}`;
    },
  );
}
