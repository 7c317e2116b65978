/**
 * Fenced code blocks of a markdown document, with the `<!-- snippet: … -->` marker written right
 * before a block (blank lines between are allowed): `not-run (reason)` or `pending-local-executor`.
 */
export type SnippetMarker =
  | { readonly kind: 'not-run'; readonly reason: string | undefined }
  | { readonly kind: 'pending-local-executor'; readonly reason: string | undefined };

export interface Snippet {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  readonly marker: SnippetMarker | undefined;
  /** A marker comment that is not one of the known kinds (reported as a problem). */
  readonly badMarker: string | undefined;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const MARKER = /^<!--\s*snippet:\s*([\w-]+)\s*(?:\((.*)\))?\s*-->\s*$/;

export function extractSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const t = line.trim();
      if (t.length >= fence.length && [...t].every((ch) => ch === fence[0])) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const comment = k >= 0 ? lines[k]!.trim() : '';
    const found = MARKER.exec(comment);
    let marker: SnippetMarker | undefined;
    let badMarker: string | undefined;
    if (found) {
      const [, kind, reason] = found;
      if (kind === 'not-run' || kind === 'pending-local-executor')
        marker = { kind, reason: reason?.trim() || undefined };
      else badMarker = comment;
    } else if (/^<!--\s*snippet/.test(comment)) badMarker = comment;
    snippets.push({
      file,
      line: i + 1,
      lang: lang.toLowerCase(),
      code: body.join('\n'),
      marker,
      badMarker,
    });
    i = j;
  }
  return snippets;
}
