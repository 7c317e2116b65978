/**
 * The rules every GitHub request of the dispatcher goes through (request-policy.ts, rate-limit.ts),
 * on a real Octokit against a loopback server that answers as GitHub documents: rate limits told to
 * the budget and waited out inline once when short, transient failures sent again as often as the
 * request allows, at most 10 requests in flight, writes one at a time a second apart.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from 'octokit';
import { RateBudget } from '../../../dispatcher/src/github/rate-budget.js';
import { rateLimitWait } from '../../../dispatcher/src/github/rate-limit.js';
import { requestPolicy } from '../../../dispatcher/src/github/request-policy.js';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop';

describe('GitHub request policy', () => {
  let server: http.Server;
  let base: string;
  const answers: Answer[] = [];
  const seen: { method: string; url: string; at: number; done?: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let holdMs = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const entry = { method: req.method!, url: req.url!, at: Date.now() } as (typeof seen)[0];
      seen.push(entry);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      req.resume();
      req.on('end', () => {
        setTimeout(() => {
          inFlight--;
          entry.done = Date.now();
          const answer = answers.shift() ?? { status: 204 };
          if (answer === 'drop') return void req.socket.destroy();
          res.writeHead(answer.status, {
            'content-type': 'application/json',
            ...answer.headers,
          });
          res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        }, holdMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    answers.length = 0;
    seen.length = 0;
    inFlight = maxInFlight = holdMs = 0;
  });

  const clock = () => new Date();
  const make = (spaceWrites = false) => {
    const budget = new RateBudget(clock);
    const octokit = new Octokit({
      baseUrl: base,
      auth: 'token',
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    octokit.hook.wrap(
      'request',
      requestPolicy({
        budget,
        retryAfterBaseValue: 1,
        maxInlineWaitSeconds: 10,
        spaceWrites,
        clock,
      }) as never,
    );
    return { octokit, budget };
  };
  const dispatch = (octokit: Octokit, retries?: number) =>
    octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
      owner: 'acme',
      repo: 'runner',
      workflow_id: 'deploy.yml',
      ref: 'main',
      ...(retries === undefined ? {} : { request: { retries } }),
    });
  const secondary = {
    status: 403,
    headers: { 'retry-after': '2', 'x-ratelimit-remaining': '4990' },
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
  };

  it('tells the budget of a rate limit and sends once more after a short wait', async () => {
    const { octokit, budget } = make();
    answers.push(secondary);
    await expect(dispatch(octokit, 0)).resolves.toMatchObject({ status: 204 });
    expect(seen).toHaveLength(2);
    expect(budget.retryAfterSeconds()).toBeGreaterThan(0);
  });

  it('gives a second rate limit, or a long wait, to the caller', async () => {
    const { octokit } = make();
    answers.push({ status: 429, headers: { 'retry-after': '1' } }, secondary);
    await expect(dispatch(octokit, 0)).rejects.toMatchObject({ status: 403 });
    expect(seen).toHaveLength(2);
    seen.length = 0;
    answers.push({ status: 429, headers: { 'retry-after': '3600' } });
    const { octokit: other, budget } = make();
    await expect(dispatch(other, 0)).rejects.toMatchObject({ status: 429 });
    expect(seen).toHaveLength(1);
    expect(budget.retryAfterSeconds()).toBeGreaterThan(3000);
  });

  it('does not send again what GitHub refused, nor a dispatch after a 5xx', async () => {
    const { octokit } = make();
    answers.push({ status: 403, body: { message: 'Resource not accessible by integration' } });
    await expect(dispatch(octokit)).rejects.toMatchObject({ status: 403 });
    answers.push({ status: 502, body: { message: 'Bad gateway' } });
    await expect(dispatch(octokit, 0)).rejects.toMatchObject({ status: 502 });
    expect(seen).toHaveLength(2);
  });

  it('sends a read again after a 5xx or no answer, as often as the request allows', async () => {
    const { octokit } = make();
    answers.push(
      { status: 500 },
      'drop',
      { status: 503 },
      { status: 200, body: { total_count: 0 } },
    );
    await expect(
      octokit.request('GET /repos/{owner}/{repo}/actions/runs', { owner: 'a', repo: 'b' }),
    ).resolves.toMatchObject({ status: 200 });
    expect(seen).toHaveLength(4);
    seen.length = 0;
    answers.push({ status: 500 }, { status: 500 }, { status: 200, body: {} });
    await expect(
      octokit.request('GET /repos/{owner}/{repo}/actions/runs', {
        owner: 'a',
        repo: 'b',
        request: { retries: 1 },
      }),
    ).rejects.toMatchObject({ status: 500 });
    expect(seen).toHaveLength(2);
  });

  it('keeps at most 10 requests in flight', async () => {
    const { octokit } = make();
    holdMs = 30;
    await Promise.all(
      Array.from({ length: 25 }, () =>
        octokit.request('GET /repos/{owner}/{repo}', { owner: 'a', repo: 'b' }),
      ),
    );
    expect(seen).toHaveLength(25);
    expect(maxInFlight).toBe(10);
  });

  it('sends writes one at a time, a second apart, but not the token request', async () => {
    const { octokit } = make(true);
    await Promise.all([
      dispatch(octokit),
      dispatch(octokit),
      octokit.request('POST /app/installations/{installation_id}/access_tokens', {
        installation_id: 7,
      }),
    ]);
    const writes = seen.filter((s) => s.url.endsWith('/dispatches'));
    const token = seen.find((s) => s.url.endsWith('/access_tokens'))!;
    expect(writes).toHaveLength(2);
    expect(writes[1]!.at - writes[0]!.done!).toBeGreaterThanOrEqual(1000 - 5);
    // The token request did not wait behind the first write's second.
    expect(token.at).toBeLessThan(writes[1]!.at);
  });

  it('reads the wait as GitHub documents it', () => {
    const now = Date.UTC(2026, 11, 1);
    const answer = (status: number, headers: Record<string, string>, message = 'x') => ({
      status,
      response: { headers, data: { message } },
    });
    expect(rateLimitWait(answer(429, { 'retry-after': '7' }), now)).toBe(7);
    expect(
      rateLimitWait(
        answer(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }),
        now,
      ),
    ).toBe(31);
    expect(rateLimitWait(answer(403, {}, 'You have exceeded a secondary rate limit'), now)).toBe(
      60,
    );
    expect(rateLimitWait(answer(429, {}), now)).toBe(60);
    expect(rateLimitWait(answer(403, {}, 'Resource not accessible by integration'), now)).toBe(
      undefined,
    );
    expect(rateLimitWait(answer(500, { 'retry-after': '5' }), now)).toBe(undefined);
  });
});
