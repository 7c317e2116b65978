/**
 * Engine diagnostics → GitHub annotations. From `-json` UI events (`type: "diagnostic"`, with the
 * file and position when terraform knows them) and, for commands without `-json`, from the
 * human-readable `Error: … on main.tf line 3` blocks on stderr.
 */
import path from 'node:path';
import type { ActionsIO } from '../runner/actions-io.js';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** Relative to the engine's working directory. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

interface JsonDiagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  range?: { filename?: string; start?: { line?: number; column?: number } };
}

/** The diagnostic of one `-json` UI event, if it is one. */
export function fromJsonEvent(event: {
  type?: string;
  diagnostic?: JsonDiagnostic;
}): Diagnostic | undefined {
  const d = event.type === 'diagnostic' ? event.diagnostic : undefined;
  if (!d || typeof d.summary !== 'string') return undefined;
  return withPosition(
    {
      severity: d.severity === 'warning' ? 'warning' : 'error',
      summary: d.summary,
      detail: d.detail ?? '',
    },
    d.range?.filename,
    d.range?.start?.line,
    d.range?.start?.column,
  );
}

function withPosition(base: Diagnostic, file?: string, line?: number, column?: number): Diagnostic {
  return {
    ...base,
    ...(file ? { file } : {}),
    ...(line ? { line } : {}),
    ...(column ? { column } : {}),
  };
}

const BOX = /^[│╷╵]\s?/;

/** Parses human-readable diagnostics (`-no-color` output, boxed or not). */
export function fromText(text: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const lines = text.split('\n').map((l) => l.replace(BOX, '').replace(/\s+$/, ''));
  for (let i = 0; i < lines.length; i++) {
    const head = /^(Error|Warning): (.+)$/.exec(lines[i]!);
    if (!head) continue;
    // Terraform wraps a long summary ("…initialisation, including problems / with the
    // configuration, described below."): it runs to the first blank line.
    let summary = head[2]!;
    while (
      i + 1 < lines.length &&
      lines[i + 1]!.trim() &&
      !/^(Error|Warning): /.test(lines[i + 1]!)
    )
      summary += ` ${lines[++i]!.trim()}`;
    const body: string[] = [];
    let file: string | undefined;
    let line: number | undefined;
    for (i++; i < lines.length && !/^(Error|Warning): /.test(lines[i]!); i++) {
      const at = /^\s+on (.+?) line (\d+)/.exec(lines[i]!);
      if (at && file === undefined) {
        file = at[1];
        line = Number(at[2]);
      } else if (!/^\s*\d+:/.test(lines[i]!)) body.push(lines[i]!);
    }
    i--;
    found.push(
      withPosition(
        {
          severity: head[1] === 'Warning' ? 'warning' : 'error',
          summary,
          detail: body.join('\n').trim(),
        },
        file,
        line,
      ),
    );
  }
  return found;
}

/**
 * Shows a diagnostic as an annotation. GitHub links an annotation's `file` relative to the
 * repository root (with `/` separators): for a cloned source that is the clone's root, not the
 * runner's workspace. A file outside the repository (a path GitHub could not link, such as
 * `../../_temp/…`) is named in the message instead.
 */
export function annotate(
  io: ActionsIO,
  d: Diagnostic,
  workingDir: string,
  repositoryRoot: string,
): void {
  const absolute = d.file ? path.resolve(workingDir, d.file) : undefined;
  const file = absolute ? repositoryPath(repositoryRoot, absolute) : undefined;
  const where = absolute && !file ? ` (in ${absolute})` : '';
  const message = d.detail ? `${d.summary}${where}\n\n${d.detail}` : `${d.summary}${where}`;
  const props = {
    title: d.summary,
    ...(file ? { file } : {}),
    ...(d.line ? { startLine: d.line } : {}),
    ...(d.column ? { startColumn: d.column } : {}),
  };
  if (d.severity === 'warning') io.warning(message, props);
  else io.error(message, props);
}

/** `file` relative to `root` with `/` separators, or undefined when it lies outside `root`. */
export function repositoryPath(root: string, file: string): string | undefined {
  const relative = path.relative(path.resolve(root), file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
