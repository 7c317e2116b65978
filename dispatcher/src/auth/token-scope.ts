/**
 * What a scoped token may reach beyond deployments: a token limited to some projects or
 * environments acts only inside them. It never mints or revokes a token wider than itself, never
 * does tenant-wide things (creating projects), and reads only its own part of the audit log.
 * Pure: projects are passed in, resolved by id or name like `canSeeProject`.
 */
import { forbidden } from '../http/http-error.js';
import type { Project, TokenScope } from '../store/records.js';
import type { AuditReadScope } from '../audit/audit-log.js';
import type { Principal } from './principal.js';

export const isScoped = (p: Principal): boolean => p.projects !== null || p.environments !== null;

const describeScope = (p: Principal): string =>
  [
    p.projects === null ? undefined : `projects ${p.projects.map((x) => `'${x}'`).join(', ')}`,
    p.environments === null
      ? undefined
      : `environments ${p.environments.map((x) => `'${x}'`).join(', ')}`,
  ]
    .filter(Boolean)
    .join(' and ');

/** Tenant-wide actions need a token without project or environment limits. */
export function requireUnscoped(p: Principal, doing: string): void {
  if (isScoped(p))
    throw forbidden(
      `This token is limited to ${describeScope(p)}; ${doing} needs an admin token without project or environment limits.`,
    );
}

/** Project ids named by a scope (ids or names); undefined for a name no project has. */
function projectIds(
  names: readonly string[],
  projects: readonly Project[],
): (string | undefined)[] {
  return names.map((n) => projects.find((pr) => pr.id === n || pr.name === n)?.id);
}

/**
 * Whether everything `inner` may touch, `outer` may touch too (role included). Unknown project
 * names inside a limited outer scope count as outside it.
 */
export function scopeWithin(
  inner: TokenScope,
  outer: TokenScope,
  projects: readonly Project[],
): boolean {
  const rank = { viewer: 0, deployer: 1, admin: 2 } as const;
  if (rank[inner.role] > rank[outer.role]) return false;
  if (outer.projects !== null) {
    if (inner.projects === null) return false;
    const allowed = new Set(projectIds(outer.projects, projects).filter(Boolean));
    if (!projectIds(inner.projects, projects).every((id) => id !== undefined && allowed.has(id)))
      return false;
  }
  if (outer.environments !== null) {
    if (inner.environments === null) return false;
    if (!inner.environments.every((e) => outer.environments!.includes(e))) return false;
  }
  return true;
}

/** A new token's scope must lie inside its creator's. */
export function requireWithinScope(
  requested: TokenScope,
  p: Principal,
  projects: readonly Project[],
): void {
  if (!scopeWithin(requested, p, projects))
    throw forbidden(
      `This token is limited to ${describeScope(p)} (role '${p.role}'): it can only create tokens limited to the same or fewer projects and environments, with 'projects' and 'environments' given.`,
    );
}

/**
 * The audit events a scoped token may read: its projects' (ids; null: every project) and
 * environments' objects, and the tokens inside its scope.
 */
export type AuditScope = AuditReadScope;

export function auditScope(
  p: Principal,
  projects: readonly Project[],
  tokens: readonly (TokenScope & { id: string })[],
): AuditScope | undefined {
  if (!isScoped(p)) return undefined;
  return {
    projectIds:
      p.projects === null
        ? null
        : projectIds(p.projects, projects).filter((id): id is string => id !== undefined),
    environments: p.environments,
    tokenIds: tokens.filter((t) => scopeWithin(t, p, projects)).map((t) => t.id),
  };
}
