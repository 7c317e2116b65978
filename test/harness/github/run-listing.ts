/**
 * GET …/actions/workflows/{workflow_id}/runs as GitHub answers it: `created` in the search date
 * syntax (`>=`, `>`, `<=`, `<`, `A..B`, `A..*`, `*..B`, a bare date), `event`, newest first,
 * `per_page` (≤ 100) and `page`, a `Link` header (rel next/prev/first/last, as the OpenAPI
 * description's `link` header shows), and the documented cap: "up to 1,000 results for each
 * search when using … `created`, `event`" — total_count says how many matched, pages past the
 * cap are empty.
 */
import type { GitHubRequest, GitHubResponse } from './github-api.js';

export const LISTING_CAP = 1000;

interface Listed {
  readonly createdAt: string;
  readonly event: string;
}

/** [from, to] in ms, both inclusive. */
export function parseCreated(value: string): { from: number; to: number } {
  const at = (text: string, end: boolean): number => {
    if (text === '*') return end ? Infinity : -Infinity;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new Error(`created: '${text}' is not a date`);
    // A bare date covers its whole day.
    return end && /^\d{4}-\d{2}-\d{2}$/.test(text) ? ms + 86_400_000 - 1 : ms;
  };
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) return { from: at(range[1]!, false), to: at(range[2]!, true) };
  const op = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (op) {
    const t = op[2]!;
    switch (op[1]) {
      case '>=':
        return { from: at(t, false), to: Infinity };
      case '>':
        return { from: at(t, true) + 1, to: Infinity };
      case '<=':
        return { from: -Infinity, to: at(t, true) };
      default:
        return { from: -Infinity, to: at(t, false) - 1 };
    }
  }
  return { from: at(value, false), to: at(value, true) };
}

export function listRuns<R extends Listed>(
  all: readonly R[],
  req: GitHubRequest,
  body: (run: R) => unknown,
): GitHubResponse {
  const created = req.query.get('created');
  const event = req.query.get('event');
  let window = { from: -Infinity, to: Infinity };
  try {
    if (created !== null) window = parseCreated(created);
  } catch (error) {
    return { status: 422, body: { message: (error as Error).message } };
  }
  const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
  const matching = all
    .filter((r) => {
      const t = Date.parse(r.createdAt);
      return t >= window.from && t <= window.to && (!event || r.event === event);
    })
    .reverse();
  const capped = created !== null || event !== null;
  const reachable = capped ? matching.slice(0, LISTING_CAP) : matching;
  const lastPage = Math.max(1, Math.ceil(reachable.length / perPage));
  const link = (n: number, rel: string) => {
    const url = new URL(req.url);
    url.searchParams.set('page', String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links = [
    ...(page < lastPage ? [link(page + 1, 'next'), link(lastPage, 'last')] : []),
    ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
  ];
  return {
    status: 200,
    headers: links.length > 0 ? { link: links.join(', ') } : {},
    body: {
      total_count: matching.length,
      workflow_runs: reachable.slice((page - 1) * perPage, page * perPage).map(body),
    },
  };
}
