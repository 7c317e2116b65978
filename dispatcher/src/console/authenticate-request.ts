/**
 * The tenant API's one authentication hook: an API token (`Authorization: Bearer`, machines and the
 * CLI) or a console session cookie (people in a browser). A session is one more way to be a
 * principal: every route applies the same role and scope checks to it, and the audit log names the
 * person (`local:<name>` or `github:<login>`). A state-changing request on a session must carry the
 * session's CSRF token in `X-Grape-CSRF`; a bearer request needs none (no browser sends it
 * ambiently).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { authenticate } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { HttpError } from '../http/http-error.js';
import type { Store } from '../store/store.js';
import type { ConsoleSession, ConsoleSessions } from './console-sessions.js';
import { readCookie } from './session-cookie.js';

export const CSRF_HEADER = 'x-grape-csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const digest = (v: string): Buffer => createHash('sha256').update(v).digest();

export const sessionPrincipal = (s: ConsoleSession): Principal => ({
  id: s.login,
  tenantId: s.tenantId,
  name: `console session of ${s.login}`,
  role: s.role,
  projects: null,
  environments: null,
  createdBy: s.login,
  createdAt: s.createdAt,
  revokedAt: null,
});

/** Throws 403 unless the request carries the session's CSRF token. */
export function requireCsrf(request: FastifyRequest, session: ConsoleSession): void {
  if (SAFE.has(request.method)) return;
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(session.csrfToken)))
    throw new HttpError(
      403,
      'csrf_rejected',
      "Missing or wrong 'X-Grape-CSRF' header: a request made with a console session must carry that session's CSRF token (the console reads it from GET /console/session).",
    );
}

export function authenticateRequest(store: Store, sessions: ConsoleSessions, cookieName: string) {
  const bearer = authenticate(store);
  return async (request: FastifyRequest): Promise<void> => {
    const cookie = request.headers.authorization
      ? undefined
      : readCookie(request.headers.cookie, cookieName);
    if (cookie === undefined) return bearer(request);
    const session = await sessions.find(cookie);
    if (!session)
      throw new HttpError(
        401,
        'unauthenticated',
        'The console session has expired or was signed out: sign in again.',
      );
    requireCsrf(request, session);
    (request as FastifyRequest & { principal?: Principal }).principal = sessionPrincipal(session);
  };
}
