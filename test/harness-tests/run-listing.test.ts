/**
 * The stand-in's run listing answers as GitHub documents it: `created` in the search date syntax,
 * newest first, `per_page` capped at 100, a `Link` header, and at most 1,000 reachable results
 * for a filtered listing (total_count still says how many matched).
 */
import type { GitHubRequest } from '../harness/github/github-api.js';
import { listRuns, parseCreated } from '../harness/github/run-listing.js';

const runs = Array.from({ length: 1200 }, (_, i) => ({
  id: i + 1,
  createdAt: new Date(Date.UTC(2026, 10, 30, 12, 0, 0) + i * 1000).toISOString(),
  event: 'workflow_dispatch',
}));
const url = 'http://127.0.0.1:1/repos/acme/r/actions/workflows/w.yml/runs';
const request = (query: string): GitHubRequest => ({
  operationId: 'actions/list-workflow-runs',
  method: 'GET',
  path: '/repos/acme/r/actions/workflows/w.yml/runs',
  url: `${url}?${query}`,
  params: {},
  query: new URLSearchParams(query),
  body: undefined,
  headers: {},
  token: undefined,
});
const list = (query: string) =>
  listRuns(runs, request(query), (r) => r.id) as {
    status: number;
    headers: Record<string, string>;
    body: { total_count: number; workflow_runs: number[] };
  };

describe('created', () => {
  it.each([
    ['2026-11-30T12:00:10Z..2026-11-30T12:00:12Z', [10_000, 12_000]],
    ['>=2026-11-30T12:00:10Z', [10_000, Infinity]],
    ['<2026-11-30T12:00:10Z', [-Infinity, 9_999]],
    ['*..2026-11-30T12:00:10Z', [-Infinity, 10_000]],
  ])('%s', (value, [from, to]) => {
    const base = Date.UTC(2026, 10, 30, 12, 0, 0);
    expect(parseCreated(value)).toEqual({ from: base + from!, to: base + to! });
  });

  it('covers a whole day for a bare date', () => {
    const day = Date.UTC(2026, 10, 30);
    expect(parseCreated('2026-11-30')).toEqual({ from: day, to: day + 86_400_000 - 1 });
  });

  it('refuses what is not a date with a 422', () => {
    expect(list('created=yesterday').status).toBe(422);
  });
});

describe('pages', () => {
  it('lists a range newest first, 100 a page at most, with Link next and last', () => {
    const res = list('created=2026-11-30T12:00:00Z..2026-11-30T12:04:09Z&per_page=500&page=1');
    expect(res.body.total_count).toBe(250);
    expect(res.body.workflow_runs).toHaveLength(100);
    expect(res.body.workflow_runs[0]).toBe(250);
    expect(res.headers['link']).toBe(
      `<${url}?created=2026-11-30T12%3A00%3A00Z..2026-11-30T12%3A04%3A09Z&per_page=500&page=2>; rel="next", <${url}?created=2026-11-30T12%3A00%3A00Z..2026-11-30T12%3A04%3A09Z&per_page=500&page=3>; rel="last"`,
    );
    const last = list('created=2026-11-30T12:00:00Z..2026-11-30T12:04:09Z&per_page=100&page=3');
    expect(last.body.workflow_runs).toHaveLength(50);
    expect(last.headers['link']).not.toContain('rel="next"');
  });

  it('reaches at most 1,000 results of a filtered listing, and says how many matched', () => {
    const res = list('event=workflow_dispatch&per_page=100&page=11');
    expect(res.body.total_count).toBe(1200);
    expect(res.body.workflow_runs).toEqual([]);
    expect(list('event=workflow_dispatch&per_page=100&page=10').body.workflow_runs).toHaveLength(
      100,
    );
  });
});
