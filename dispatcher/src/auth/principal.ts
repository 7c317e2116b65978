/** Who is calling (an API token) and what that token may do. */
import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit-event.js';
import { forbidden, HttpError } from '../http/http-error.js';
import type { ApiToken, Project, Role } from '../store/records.js';

export type Principal = ApiToken;

const RANK: Record<Role, number> = { viewer: 0, deployer: 1, admin: 2 };

export function requireRole(p: Principal, needed: Role, doing: string): void {
  if (RANK[p.role] < RANK[needed])
    throw forbidden(
      `This token's role is '${p.role}'; ${doing} needs '${needed}'${needed === 'admin' ? '' : " or 'admin'"}.`,
    );
}

/** A project outside a scoped token reads as absent, like another tenant's. */
export const canSeeProject = (p: Principal, project: Project): boolean =>
  p.projects === null || p.projects.includes(project.id) || p.projects.includes(project.name);

export function requireEnvironment(p: Principal, environment: string): void {
  if (p.environments !== null && !p.environments.includes(environment))
    throw forbidden(
      `This token may only act on environments ${p.environments.map((e) => `'${e}'`).join(', ')}, not '${environment}'.`,
    );
}

export function principalOf(request: FastifyRequest): Principal {
  const p = (request as FastifyRequest & { principal?: Principal }).principal;
  if (!p) throw new HttpError(401, 'unauthenticated', 'Authentication required.');
  return p;
}

export const auditContext = (request: FastifyRequest): AuditContext => ({
  actor: (request as FastifyRequest & { principal?: Principal }).principal?.id ?? 'anonymous',
  sourceIp: request.ip,
  requestId: request.id,
});
