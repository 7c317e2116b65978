/**
 * The operator's commands (tenants, projects, tokens, audit verify) as plain operations on a store.
 * One implementation, two ways in: the CLI runs them on the database itself when no server holds
 * it, and the running server runs them for the CLI through its local control route
 * (control-routes.ts), so an embedded database only ever has one writer.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AuditContext } from '../audit/audit-event.js';
import type { AuditEvidence } from '../audit/audit-evidence.js';
import type { ChainVerdict } from '../audit/verify-audit-chain.js';
import { createSignInLink } from '../console/sign-in-link.js';
import { projectInput } from '../schemas/project-input.js';
import { CreateProjectBody } from '../schemas/project-schemas.js';
import { NameTakenError } from '../store/name-taken-error.js';
import { ROLES, type Role } from '../store/records.js';
import type { Store } from '../store/store.js';

/** A refusal the operator can act on (unknown tenant, duplicate name): never a server fault. */
export class AdminError extends Error {
  override readonly name = 'AdminError';
}

const TenantRef = Type.String({ minLength: 1, maxLength: 64 });
const Names = Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 64 })), Type.Null()]);

/** Arguments of each operation: checked by the control route, typed for both callers. */
export const ADMIN_ARGS = {
  'tenant.create': Type.Object({ name: Type.String({ maxLength: 64 }) }),
  'tenant.list': Type.Object({}),
  'project.create': Type.Object({ tenant: TenantRef, project: CreateProjectBody }),
  'token.create': Type.Object({
    tenant: TenantRef,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    projects: Names,
    environments: Names,
  }),
  'token.revoke': Type.Object({ tenant: TenantRef, id: Type.String({ maxLength: 64 }) }),
  'audit.verify': Type.Object({}),
  'console.link': Type.Object({ tenant: TenantRef }),
} satisfies Record<string, TSchema>;

export type AdminOperation = keyof typeof ADMIN_ARGS;
export type AdminArgs<O extends AdminOperation> = Static<(typeof ADMIN_ARGS)[O]>;

export interface AdminResults {
  'tenant.create': { id: string; name: string };
  'tenant.list': Array<{ id: string; name: string }>;
  'project.create': { id: string; name: string; externalId: string };
  'token.create': { id: string; role: Role; token: string };
  'token.revoke': { id: string };
  'audit.verify': { verdict: ChainVerdict; anchorFile: string };
  'console.link': { path: string; expiresAt: string };
}

/** What an operation may need besides the store, supplied by whoever holds the data directory. */
export interface AdminDeps {
  /** The audit key and anchor, kept outside the database (audit/audit-evidence.ts). */
  auditEvidence(): Promise<AuditEvidence>;
}

/** Runs an operation; the port both the CLI's direct path and its remote path implement. */
export type RunAdmin = <O extends AdminOperation>(
  operation: O,
  args: AdminArgs<O>,
) => Promise<AdminResults[O]>;

export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;

async function tenantOf(store: Store, idOrName: string) {
  const tenant = await store.tenants.get(idOrName);
  if (!tenant)
    throw new AdminError(`No tenant '${idOrName}'. List them with \`grape tenant list\`.`);
  return tenant;
}

/** A name already taken is the operator's to fix: an AdminError with the store's message. */
async function unique<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof NameTakenError) throw new AdminError(error.message);
    throw error;
  }
}

type Handlers = {
  [O in AdminOperation]: (
    store: Store,
    args: AdminArgs<O>,
    ctx: AuditContext,
    deps: AdminDeps,
  ) => Promise<AdminResults[O]>;
};

const HANDLERS: Handlers = {
  async 'tenant.create'(store, { name }, ctx) {
    if (!TENANT_NAME.test(name))
      throw new AdminError(
        `Tenant name '${name}' is not valid: use 2-63 lower-case letters, digits or '-', e.g. 'acme'.`,
      );
    const t = await unique(() => store.tenants.create(name, ctx));
    return { id: t.id, name: t.name };
  },
  async 'tenant.list'(store) {
    return (await store.tenants.list()).map((t) => ({ id: t.id, name: t.name }));
  },
  async 'project.create'(store, { tenant, project: b }, ctx) {
    const tenantId = (await tenantOf(store, tenant)).id;
    const created = await unique(() => store.projects.create(tenantId, projectInput(b), ctx));
    return { id: created.id, name: created.name, externalId: created.externalId };
  },
  async 'token.create'(store, args, ctx) {
    const tenantId = (await tenantOf(store, args.tenant)).id;
    const { token, record } = await store.tokens.create(
      tenantId,
      {
        name: args.name,
        role: args.role,
        projects: args.projects,
        environments: args.environments,
      },
      ctx,
    );
    return { id: record.id, role: record.role, token };
  },
  async 'token.revoke'(store, { tenant, id }, ctx) {
    const revoked = await store.tokens.revoke((await tenantOf(store, tenant)).id, id, ctx);
    if (!revoked) throw new AdminError(`No token '${id}' in tenant '${tenant}'.`);
    return { id };
  },
  async 'audit.verify'(store, _args, _ctx, deps) {
    const { key, anchor, anchorFile } = await deps.auditEvidence();
    return { verdict: await store.audit.verify({ key, anchor }), anchorFile };
  },
  async 'console.link'(store, { tenant }, ctx) {
    const link = await createSignInLink(store, (await tenantOf(store, tenant)).id, ctx);
    return { path: link.path, expiresAt: link.expiresAt.toISOString() };
  },
};

export function runAdminOperation<O extends AdminOperation>(
  store: Store,
  operation: O,
  args: AdminArgs<O>,
  ctx: AuditContext,
  deps: AdminDeps,
): Promise<AdminResults[O]> {
  return (HANDLERS[operation] as Handlers[O])(store, args, ctx, deps);
}
