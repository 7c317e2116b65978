/**
 * /v1/members: who may sign in to this tenant's console with GitHub (a login, an organisation or
 * an `org/team`), and with which role. Reading needs any role; changing needs an unscoped admin.
 * Sessions and API tokens alike go through these routes.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { auditContext, principalOf, requireRole } from '../auth/principal.js';
import { requireUnscoped } from '../auth/token-scope.js';
import { HttpError, notFound } from '../http/http-error.js';
import { bearer, described, errorResponses } from '../schemas/common.js';
import {
  MemberBody,
  MemberId,
  MemberList,
  MemberRemoved,
  MemberView,
} from '../schemas/console-schemas.js';
import { MemberExistsError, type Member } from './console-members.js';
import type { ConsoleContext } from './console-context.js';

const view = (m: Member) => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  role: m.role,
  createdBy: m.createdBy,
  createdAt: m.createdAt.toISOString(),
});

export function memberRoutes(app: FastifyInstance, _ctx: AppContext, c: ConsoleContext): void {
  app.get(
    '/v1/members',
    {
      schema: {
        summary: 'List who may sign in to the console with GitHub',
        operationId: 'listMembers',
        tags: ['members'],
        security: bearer,
        response: {
          200: described('Members', MemberList),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      members: (await c.members.list(principalOf(request).tenantId)).map(view),
    }),
  );

  app.post<{ Body: MemberBody }>(
    '/v1/members',
    {
      schema: {
        summary: 'Let a GitHub login, organisation or team sign in with a role',
        operationId: 'addMember',
        tags: ['members'],
        security: bearer,
        body: MemberBody,
        response: { 201: described('The member', MemberView), ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing members');
      requireUnscoped(p, 'managing members');
      const b = request.body;
      if ((b.kind === 'team') !== b.name.includes('/'))
        throw new HttpError(
          422,
          'invalid_request',
          `name: '${b.name}' does not fit kind '${b.kind}'`,
          [
            {
              field: 'name',
              problem:
                b.kind === 'team'
                  ? 'a team is named org/team-slug'
                  : `a ${b.kind} is one name without '/'`,
              expected: b.kind === 'team' ? "e.g. 'acme/platform'" : "e.g. 'octocat'",
            },
          ],
        );
      try {
        return reply
          .code(201)
          .send(view(await c.members.add(p.tenantId, b, auditContext(request))));
      } catch (error) {
        if (error instanceof MemberExistsError) throw new HttpError(409, 'conflict', error.message);
        throw error;
      }
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/members/:id',
    {
      schema: {
        summary: 'Remove a member',
        operationId: 'removeMember',
        tags: ['members'],
        security: bearer,
        params: MemberId,
        response: { 204: MemberRemoved, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing members');
      requireUnscoped(p, 'managing members');
      if (!(await c.members.remove(p.tenantId, request.params.id, auditContext(request))))
        throw notFound('member', request.params.id);
      return reply.code(204).send();
    },
  );
}
