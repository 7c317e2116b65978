/** /v1/tokens: API tokens of the caller's tenant (admin only). The token is shown once, at creation. */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import { auditContext, principalOf, requireRole, type Principal } from '../auth/principal.js';
import { isScoped, requireWithinScope, scopeWithin } from '../auth/token-scope.js';
import { notFound } from '../http/http-error.js';
import { bearer, described, errorResponses, IdParam } from '../schemas/common.js';
import { CreatedToken, CreateTokenBody, TokenList, TokenView } from '../schemas/project-schemas.js';
import type { ApiToken } from '../store/records.js';

const view = (t: ApiToken) => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  revokedAt: t.revokedAt?.toISOString() ?? null,
  projects: t.projects && [...t.projects],
  environments: t.environments && [...t.environments],
});

/** The tenant's tokens a token may see and revoke: those inside its own scope. */
async function tokensInScope(ctx: AppContext, p: Principal): Promise<ApiToken[]> {
  const tokens = await ctx.store.tokens.list(p.tenantId);
  if (!isScoped(p)) return tokens;
  const projects = await ctx.store.projects.list(p.tenantId);
  return tokens.filter((t) => scopeWithin(t, p, projects));
}

export function tokenRoutes(app: ApiInstance, ctx: AppContext): void {
  app.post(
    '/v1/tokens',
    {
      schema: {
        summary: 'Create an API token (its value is in this response only)',
        operationId: 'createToken',
        tags: ['tokens'],
        security: bearer,
        body: CreateTokenBody,
        response: {
          201: described('The token, with its value (shown this once)', CreatedToken),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'creating tokens');
      const b = request.body;
      const scope = {
        role: b.role,
        projects: b.projects ?? null,
        environments: b.environments ?? null,
      };
      // A token never mints one wider than itself.
      if (isScoped(p)) requireWithinScope(scope, p, await ctx.store.projects.list(p.tenantId));
      const { token, record } = await ctx.store.tokens.create(
        p.tenantId,
        { name: b.name, ...scope },
        auditContext(request),
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...view(record), token });
    },
  );

  app.get(
    '/v1/tokens',
    {
      schema: {
        summary: 'List API tokens (never their values)',
        operationId: 'listTokens',
        tags: ['tokens'],
        security: bearer,
        response: {
          200: described("Your tenant's tokens, without their values", TokenList),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'listing tokens');
      return { items: (await tokensInScope(ctx, p)).map(view) };
    },
  );

  app.delete(
    '/v1/tokens/:id',
    {
      schema: {
        summary: 'Revoke an API token',
        operationId: 'revokeToken',
        tags: ['tokens'],
        security: bearer,
        params: IdParam,
        response: { 200: described('The token, now revoked', TokenView), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'revoking tokens');
      // A token outside the caller's scope reads as absent.
      if (isScoped(p) && !(await tokensInScope(ctx, p)).some((t) => t.id === request.params.id))
        throw notFound('token', request.params.id);
      const revoked = await ctx.store.tokens.revoke(
        p.tenantId,
        request.params.id,
        auditContext(request),
      );
      if (!revoked) throw notFound('token', request.params.id);
      return view(revoked);
    },
  );
}
