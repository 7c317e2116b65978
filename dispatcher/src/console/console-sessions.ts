/**
 * The console's sign-in links and browser sessions. A link is a one-time secret in a URL: only its
 * sha256 is stored, it is consumed by the same UPDATE that checks it (so two clicks cannot both
 * win) and it expires within minutes. A session is a random cookie (sha256 stored, like API
 * tokens) with its own CSRF token, which the page sends back on every state-changing request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditContext } from '../audit/audit-event.js';
import { appendAudit } from '../audit/audit-log.js';
import type { Db } from '../store/db.js';
import type { Role } from '../store/records.js';

export interface ConsoleSession {
  readonly tenantId: string;
  /** Who signed in: `local:<name>` for a sign-in link, `github:<login>` for GitHub. */
  readonly login: string;
  readonly role: Role;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface SessionGrant {
  readonly tenantId: string;
  readonly login: string;
  readonly role: Role;
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const secret = (): string => randomBytes(32).toString('base64url');

export class ConsoleSessions {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly ttl: { readonly linkSeconds: number; readonly sessionSeconds: number },
  ) {}

  /** A fresh one-time sign-in secret (the link's `?code=`); audited, never stored in clear. */
  async createLink(
    grant: SessionGrant,
    ctx: AuditContext,
  ): Promise<{ code: string; expiresAt: Date }> {
    const code = secret();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.ttl.linkSeconds * 1000);
    await this.db.transaction(async (tx) => {
      // Spent links are only kept until they expire: nothing reads them afterwards.
      await tx.query('DELETE FROM console_links WHERE expires_at <= $1', [now]);
      await tx.query(
        `INSERT INTO console_links (link_hash, tenant_id, login, role, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [sha256(code), grant.tenantId, grant.login, grant.role, ctx.actor, expiresAt],
      );
      await appendAudit(
        tx,
        {
          ...ctx,
          tenantId: grant.tenantId,
          action: 'console.link.create',
          objectType: 'console-link',
          objectId: sha256(code).slice(0, 16),
          data: { login: grant.login, role: grant.role, expiresAt: expiresAt.toISOString() },
        },
        now,
      );
    });
    return { code, expiresAt };
  }

  /** Consumes a link: the grant it carried, or undefined when unknown, used or expired. */
  async redeemLink(code: string): Promise<SessionGrant | undefined> {
    if (!SECRET.test(code)) return undefined;
    const [row] = await this.db.query<{ tenant_id: string; login: string; role: Role }>(
      `UPDATE console_links SET used_at = $2
       WHERE link_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING tenant_id, login, role`,
      [sha256(code), this.clock()],
    );
    return row ? { tenantId: row.tenant_id, login: row.login, role: row.role } : undefined;
  }

  /** Opens a session; returns the cookie value (shown to the browser only). */
  async open(
    grant: SessionGrant,
    ctx: AuditContext,
  ): Promise<{ cookie: string; session: ConsoleSession }> {
    const cookie = secret();
    const now = this.clock();
    const session: ConsoleSession = {
      ...grant,
      csrfToken: secret(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttl.sessionSeconds * 1000),
    };
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM console_sessions WHERE expires_at <= $1', [now]);
      await tx.query(
        `INSERT INTO console_sessions (session_hash, tenant_id, login, role, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          sha256(cookie),
          grant.tenantId,
          grant.login,
          grant.role,
          session.csrfToken,
          now,
          session.expiresAt,
        ],
      );
      await appendAudit(
        tx,
        {
          ...ctx,
          actor: grant.login,
          tenantId: grant.tenantId,
          action: 'console.sign-in',
          objectType: 'console-session',
          objectId: sha256(cookie).slice(0, 16),
          data: { role: grant.role },
        },
        now,
      );
    });
    return { cookie, session };
  }

  /** The live session behind a cookie value. */
  async find(cookie: string): Promise<ConsoleSession | undefined> {
    if (!SECRET.test(cookie)) return undefined;
    const [row] = await this.db.query<{
      tenant_id: string;
      login: string;
      role: Role;
      csrf_token: string;
      created_at: Date;
      expires_at: Date;
    }>(
      `SELECT tenant_id, login, role, csrf_token, created_at, expires_at FROM console_sessions
       WHERE session_hash = $1 AND expires_at > $2`,
      [sha256(cookie), this.clock()],
    );
    return row
      ? {
          tenantId: row.tenant_id,
          login: row.login,
          role: row.role,
          csrfToken: row.csrf_token,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
        }
      : undefined;
  }

  async close(cookie: string): Promise<void> {
    if (!SECRET.test(cookie)) return;
    await this.db.query('DELETE FROM console_sessions WHERE session_hash = $1', [sha256(cookie)]);
  }
}
