/**
 * Stand-in for GitHub's REST API on loopback. Each test registers handlers by operationId (the
 * names in GitHub's OpenAPI description); every request and every response is validated against
 * that description (openapi-contract.ts) and any mismatch is recorded in `violations`, which
 * tests assert empty. Faults can be injected per operation: any answer instead of the handler
 * (5xx, 429, secondary rate limits), or after the handler took effect (a 5xx, a dropped
 * connection, a late answer, no answer at all).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback, readBody, type LoopbackServer } from '../http-server.js';
import { githubContract } from './openapi-contract.js';

export interface GitHubRequest {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The absolute URL as requested (GHES prefix included), for Link headers. */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  /** The bearer/token credential, when one was sent. */
  readonly token: string | undefined;
}

export interface GitHubResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type GitHubHandler = (request: GitHubRequest) => GitHubResponse | Promise<GitHubResponse>;

/**
 * `answer` (default): this answer; with `afterEffect` the handler runs first (the request took
 * effect, e.g. a run was created) and this answer replaces its own.
 * `drop`: the connection is destroyed without an answer. `hang`: never answered (the connection
 * stays open until the client gives up or the server closes). `late`: answered `delayMs` later.
 * With `afterEffect` (always, for `late`) the handler has run first.
 */
export interface GitHubFault extends Partial<GitHubResponse> {
  /** Only requests to this operation consume the fault (default: any). */
  readonly operationId?: string;
  /**
   * Only a workflow dispatch for this deployment (`inputs.deployment_id`) consumes the fault: when
   * several dispatches are in flight at once, which reaches the server first is not fixed.
   */
  readonly deploymentId?: string;
  readonly kind?: 'answer' | 'drop' | 'hang' | 'late';
  readonly afterEffect?: boolean;
  readonly delayMs?: number;
}

export interface RecordedRequest {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
  readonly token: string | undefined;
}

export interface GitHubApi extends LoopbackServer {
  handle(operationId: string, handler: GitHubHandler): void;
  injectFaults(...faults: GitHubFault[]): void;
  /**
   * Asked for every request no queued fault took: a fault to apply, or undefined (chaos tests).
   * `receivedAt`: `performance.now()` when the request reached the server, before its body was
   * read and checked against the contract (benchmarks time arrivals with it).
   */
  faultPolicy:
    | ((
        operationId: string,
        token: string | undefined,
        body: unknown,
        receivedAt: number,
      ) => GitHubFault | undefined)
    | undefined;
  /**
   * Validate one response in this many per operation (default 1: all). A load test that is not
   * about the contract raises it so the single-threaded stand-in keeps up.
   */
  responseSampling: number;
  /** Faults applied so far, by kind and status (`answer:502`, `drop`, …). */
  readonly faultsApplied: Map<string, number>;
  readonly requests: RecordedRequest[];
  readonly violations: string[];
}

/** GitHub's error body shape. */
export function githubError(
  status: number,
  message: string,
  documentation = 'https://docs.github.com/rest',
): GitHubResponse {
  return { status, body: { message, documentation_url: documentation, status: String(status) } };
}

export async function startGitHubApi(): Promise<GitHubApi> {
  const contract = githubContract();
  const handlers = new Map<string, GitHubHandler>();
  const faults: GitHubFault[] = [];
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faultsApplied = new Map<string, number>();
  const api = { faultPolicy: undefined as GitHubApi['faultPolicy'], responseSampling: 1 };
  const answered = new Map<string, number>();

  const server = await listenOnLoopback(async (request, response) => {
    const receivedAt = performance.now();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // GHES serves the same API under /api/v3.
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const send = (
      reply: GitHubResponse,
      operationId: string,
      body: unknown,
      token: string | undefined,
    ): void => {
      requests.push({ operationId, method, path, body, status: reply.status, token });
      const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
      response.writeHead(reply.status, {
        ...(payload === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'x-github-request-id': randomUUID().toUpperCase(),
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...reply.headers,
      });
      response.end(payload);
    };

    const matched = contract.match(method, path);
    const auth = request.headers.authorization;
    const token = auth?.replace(/^(bearer|token)\s+/i, '');
    if (!matched) {
      violations.push(`${method} ${path}: no such operation in GitHub's REST description`);
      return send(githubError(404, 'Not Found'), '(none)', undefined, token);
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        violations.push(`${matched.operationId}: request body is not JSON`);
        return send(
          githubError(400, 'Problems parsing JSON'),
          matched.operationId,
          raw.toString(),
          token,
        );
      }
    }
    const requestProblems = contract.validateRequest(matched.operationId, body);
    if (requestProblems.length > 0) {
      violations.push(`${matched.operationId} request: ${requestProblems.join('; ')}`);
      return send(
        githubError(422, `Invalid request.\n\n${requestProblems.join('\n')}`),
        matched.operationId,
        body,
        token,
      );
    }
    const deploymentId = (body as { inputs?: { deployment_id?: unknown } } | undefined)?.inputs
      ?.deployment_id;
    const faultIndex = faults.findIndex(
      (f) =>
        (f.operationId === undefined || f.operationId === matched.operationId) &&
        (f.deploymentId === undefined || f.deploymentId === deploymentId),
    );
    const fault =
      faultIndex !== -1
        ? faults.splice(faultIndex, 1)[0]
        : api.faultPolicy?.(matched.operationId, token, body, receivedAt);
    const kind = fault?.kind ?? 'answer';
    if (fault) {
      const name = kind === 'answer' ? `answer:${fault.status}` : kind;
      faultsApplied.set(name, (faultsApplied.get(name) ?? 0) + 1);
    }
    const effect = fault === undefined || fault.afterEffect === true || kind === 'late';
    if (fault && !effect) {
      if (kind === 'answer') return send(fault as GitHubResponse, matched.operationId, body, token);
      requests.push({ operationId: matched.operationId, method, path, body, status: 0, token });
      if (kind === 'drop') request.socket.destroy();
      return; // hang: never answered
    }
    const handler = handlers.get(matched.operationId);
    if (!handler) {
      violations.push(`${matched.operationId}: called, but the stand-in has no handler for it`);
      return send(
        githubError(501, `stand-in: ${matched.operationId} not implemented`),
        matched.operationId,
        body,
        token,
      );
    }
    let reply: GitHubResponse;
    try {
      reply = await handler({
        operationId: matched.operationId,
        method,
        path,
        url: new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`).href,
        params: matched.params,
        query: url.searchParams,
        body,
        headers: request.headers,
        token,
      });
    } catch (error) {
      violations.push(`${matched.operationId}: handler threw ${String(error)}`);
      reply = githubError(500, 'Server Error');
    }
    const nth = (answered.get(matched.operationId) ?? 0) + 1;
    answered.set(matched.operationId, nth);
    if (reply.status < 400 && nth % api.responseSampling === 1 % api.responseSampling) {
      const responseProblems = contract.validateResponse(
        matched.operationId,
        reply.status,
        reply.body,
      );
      if (responseProblems.length > 0)
        violations.push(
          `${matched.operationId} response ${reply.status}: ${responseProblems.join('; ')}`,
        );
    }
    if (fault && kind === 'answer')
      return send(fault as GitHubResponse, matched.operationId, body, token);
    if (fault && kind !== 'late') {
      requests.push({ operationId: matched.operationId, method, path, body, status: 0, token });
      if (kind === 'drop') request.socket.destroy();
      return;
    }
    if (fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
    if (!response.destroyed) send(reply, matched.operationId, body, token);
  });

  return Object.assign(api, {
    ...server,
    handle: (operationId: string, handler: GitHubHandler) =>
      void handlers.set(operationId, handler),
    injectFaults: (...more: GitHubFault[]) => void faults.push(...more),
    faultsApplied,
    requests,
    violations,
  });
}
