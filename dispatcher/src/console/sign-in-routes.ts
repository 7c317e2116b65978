/**
 * How a person gets a console session: a one-time sign-in link (GET /console/sign-in?code=…, from
 * the first-start banner or `grape console-link`), or GitHub (GET /console/github/start → GitHub →
 * GET /console/github/callback). Plus GET /console/session (who is signed in, and the CSRF token
 * the page echoes) and POST /console/sign-out. None of these is part of the public API.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/http-error.js';
import type { AppContext } from '../app-context.js';
import { requireCsrf } from './authenticate-request.js';
import type { ConsoleContext } from './console-context.js';
import { securityHeaders } from './console-pages.js';
import { authorizeUrl, GitHubSignInError, identify } from './github-sign-in.js';
import { clearCookie, readCookie, setCookie } from './session-cookie.js';

const hidden = { schema: { hide: true } } as const;
const STATE_SECONDS = 600;

/** A short page for a refused sign-in: the person reads it, so it says what to do. */
function refusal(reply: FastifyReply, status: number, message: string): FastifyReply {
  const escaped = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return reply
    .code(status)
    .headers(securityHeaders)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Sign-in refused · Grape</title><main><h1>Sign-in refused</h1><p>${escaped}</p><p><a href="/">Back to the console</a></p></main></html>`,
    );
}

export function signInRoutes(app: FastifyInstance, ctx: AppContext, c: ConsoleContext): void {
  const startSession = async (
    request: FastifyRequest,
    reply: FastifyReply,
    grant: Parameters<ConsoleContext['sessions']['open']>[0],
  ) => {
    const { cookie } = await c.sessions.open(grant, {
      actor: grant.login,
      sourceIp: request.ip,
      requestId: request.id,
    });
    return reply
      .header(
        'set-cookie',
        setCookie(c.cookieName, cookie, {
          secure: c.secure,
          maxAgeSeconds: c.settings.sessionTtlSeconds,
        }),
      )
      .header('cache-control', 'no-store')
      .redirect('/deployments', 303);
  };

  app.get<{ Querystring: { code?: string } }>(
    '/console/sign-in',
    hidden,
    async (request, reply) => {
      const code = typeof request.query.code === 'string' ? request.query.code : '';
      const grant = await c.sessions.redeemLink(code);
      if (!grant)
        return refusal(
          reply,
          401,
          'This sign-in link is not valid: it has expired, was already used, or was mistyped. Run `grape console-link --tenant <tenant>` for a fresh one.',
        );
      return startSession(request, reply, grant);
    },
  );

  app.get('/console/session', hidden, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const cookie = readCookie(request.headers.cookie, c.cookieName);
    const session = cookie ? await c.sessions.find(cookie) : undefined;
    if (!session) return { signedIn: false, github: c.settings.github !== undefined };
    const tenant = await ctx.store.tenants.get(session.tenantId);
    return {
      signedIn: true,
      github: c.settings.github !== undefined,
      login: session.login,
      role: session.role,
      tenant: { id: session.tenantId, name: tenant?.name ?? session.tenantId },
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  });

  app.post('/console/sign-out', hidden, async (request, reply) => {
    const cookie = readCookie(request.headers.cookie, c.cookieName);
    const session = cookie ? await c.sessions.find(cookie) : undefined;
    if (session) {
      requireCsrf(request, session);
      await c.sessions.close(cookie!);
    }
    return reply.header('set-cookie', clearCookie(c.cookieName, c.secure)).code(204).send();
  });

  const redirectUri = `${ctx.config.publicUrl}/console/github/callback`;
  app.get('/console/github/start', hidden, async (_request, reply) => {
    const github = c.settings.github;
    if (!github)
      throw new HttpError(
        404,
        'not_found',
        'GitHub sign-in is not configured: set GRAPE_GITHUB_OAUTH_CLIENT_ID and GRAPE_GITHUB_OAUTH_CLIENT_SECRET.',
      );
    const state = randomBytes(24).toString('base64url');
    return reply
      .header(
        'set-cookie',
        setCookie(c.stateCookieName, state, { secure: c.secure, maxAgeSeconds: STATE_SECONDS }),
      )
      .redirect(authorizeUrl(github, redirectUri, state), 302);
  });

  app.get<{ Querystring: { code?: string; state?: string; error?: string } }>(
    '/console/github/callback',
    hidden,
    async (request, reply) => {
      const github = c.settings.github;
      if (!github) throw new HttpError(404, 'not_found', 'GitHub sign-in is not configured.');
      void reply.header('set-cookie', clearCookie(c.stateCookieName, c.secure));
      const expected = readCookie(request.headers.cookie, c.stateCookieName);
      const { code, state, error } = request.query;
      if (typeof error === 'string')
        return refusal(reply, 401, `GitHub did not authorize the sign-in (${error}).`);
      if (!expected || typeof state !== 'string' || state !== expected || typeof code !== 'string')
        return refusal(
          reply,
          400,
          'The GitHub sign-in could not be matched to this browser (state missing or different): start it again from the console.',
        );
      let who;
      try {
        who = await identify(github, code, redirectUri, c.fetch);
      } catch (failure) {
        if (failure instanceof GitHubSignInError) return refusal(reply, 502, failure.message);
        throw failure;
      }
      const roles = await c.members.rolesOf(who);
      // Several tenants: the first by id (a tenant picker is future work).
      const [tenantId, role] = [...roles].sort(([a], [b]) => a.localeCompare(b))[0] ?? [];
      if (!tenantId || !role)
        return refusal(
          reply,
          403,
          `GitHub user '${who.login}' is not a member of any tenant here: ask a tenant admin to add the login, one of its organisations or teams on the Members page.`,
        );
      return startSession(request, reply, { tenantId, login: `github:${who.login}`, role });
    },
  );
}
