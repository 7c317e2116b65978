/**
 * Who may sign in to a tenant's console with GitHub, and as what: a GitHub login, every member of an
 * organisation, or every member of one team (`org/team-slug`). Managed by the tenant's admins
 * through the API (routes in members-routes.ts); a person matching several rows gets the highest
 * role among them.
 */
import { randomBytes } from 'node:crypto';
import type { AuditContext } from '../audit/audit-event.js';
import { appendAudit } from '../audit/audit-log.js';
import { sqlState, UNIQUE_VIOLATION, type Db } from '../store/db.js';
import type { Role } from '../store/records.js';

export const MEMBER_KINDS = ['user', 'org', 'team'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export interface Member {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: MemberKind;
  /** A login, an organisation login, or `org/team-slug` (lower case). */
  readonly name: string;
  readonly role: Role;
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** What GitHub says about the person signing in. */
export interface GitHubIdentity {
  readonly login: string;
  readonly orgs: readonly string[];
  /** `org/team-slug`. */
  readonly teams: readonly string[];
}

export class MemberExistsError extends Error {
  readonly field = 'name';
  constructor(kind: MemberKind, name: string) {
    super(
      `A ${kind} member '${name}' already exists in this tenant: change its role by removing it and adding it again.`,
    );
  }
}

const RANK: Record<Role, number> = { viewer: 0, deployer: 1, admin: 2 };

const toMember = (r: Record<string, unknown>): Member => ({
  id: r['id'] as string,
  tenantId: r['tenant_id'] as string,
  kind: r['kind'] as MemberKind,
  name: r['name'] as string,
  role: r['role'] as Role,
  createdBy: r['created_by'] as string,
  createdAt: r['created_at'] as Date,
});

export class ConsoleMembers {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  async add(
    tenantId: string,
    input: { kind: MemberKind; name: string; role: Role },
    ctx: AuditContext,
  ): Promise<Member> {
    const name = input.name.toLowerCase();
    try {
      return await this.db.transaction(async (tx) => {
        const now = this.clock();
        const [row] = await tx.query(
          `INSERT INTO console_members (id, tenant_id, kind, name, role, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [
            `mem_${randomBytes(10).toString('hex')}`,
            tenantId,
            input.kind,
            name,
            input.role,
            ctx.actor,
            now,
          ],
        );
        const member = toMember(row!);
        await appendAudit(
          tx,
          {
            ...ctx,
            tenantId,
            action: 'member.add',
            objectType: 'member',
            objectId: member.id,
            data: { kind: member.kind, name, role: member.role },
          },
          now,
        );
        return member;
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new MemberExistsError(input.kind, name);
      throw error;
    }
  }

  async list(tenantId: string): Promise<Member[]> {
    return (
      await this.db.query(
        'SELECT * FROM console_members WHERE tenant_id = $1 ORDER BY kind, name',
        [tenantId],
      )
    ).map(toMember);
  }

  async remove(tenantId: string, id: string, ctx: AuditContext): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        'DELETE FROM console_members WHERE tenant_id = $1 AND id = $2 RETURNING *',
        [tenantId, id],
      );
      if (!row) return false;
      // The access this entry gave ends now, not when its sessions expire. A login's own sessions
      // are known; who came in through an organisation or a team is not (that was GitHub's answer
      // at sign-in), so removing one ends every GitHub session of the tenant: they sign in again
      // and the remaining members decide. Sign-in-link sessions (`local:`) are not members'.
      const ended = await tx.query(
        `DELETE FROM console_sessions WHERE tenant_id = $1 AND login LIKE 'github:%'
           AND ($2::text IS NULL OR lower(login) = lower('github:' || $2))
         RETURNING session_hash`,
        [tenantId, row['kind'] === 'user' ? row['name'] : null],
      );
      await appendAudit(
        tx,
        {
          ...ctx,
          tenantId,
          action: 'member.remove',
          objectType: 'member',
          objectId: id,
          data: { kind: row['kind'], name: row['name'], sessionsEnded: ended.length },
        },
        this.clock(),
      );
      return true;
    });
  }

  /**
   * The tenants this person may enter and the highest role in each, by tenant id. Organisation and
   * team names compare case-insensitively, as GitHub's do.
   */
  async rolesOf(who: GitHubIdentity): Promise<Map<string, Role>> {
    const rows = await this.db.query<{ tenant_id: string; role: Role }>(
      `SELECT tenant_id, role FROM console_members
       WHERE (kind = 'user' AND name = $1) OR (kind = 'org' AND name = ANY($2)) OR (kind = 'team' AND name = ANY($3))`,
      [
        who.login.toLowerCase(),
        who.orgs.map((o) => o.toLowerCase()),
        who.teams.map((t) => t.toLowerCase()),
      ],
    );
    const roles = new Map<string, Role>();
    for (const r of rows) {
      const had = roles.get(r.tenant_id);
      if (had === undefined || RANK[r.role] > RANK[had]) roles.set(r.tenant_id, r.role);
    }
    return roles;
  }
}
