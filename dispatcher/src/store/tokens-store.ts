/**
 * API tokens: `grape_<64 hex>` shown once, stored as sha256. A token carries 256 random bits, so
 * nobody can brute-force a stored hash back to it; slow password hashes (bcrypt, argon2) exist
 * for low-entropy secrets and would only slow every request down. Lookup is by hash, through a
 * unique index, so no comparison of secret material happens in application code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import type { Db } from './db.js';
import { newId } from './ids.js';
import type { InvalidatingCache } from './invalidating-cache.js';
import { notifyInvalidate } from './invalidations.js';
import { fromRow, type ApiToken, type TokenScope } from './records.js';

export const TOKEN_PATTERN = /^grape_[a-f0-9]{64}$/;
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export class TokensStore {
  /** Every API request looks its token up: live tokens are cached by hash (see invalidations.ts). */
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly cache: InvalidatingCache<ApiToken>,
  ) {}

  /** Returns the record and the token itself, which is never stored nor shown again. */
  create(
    tenantId: string,
    input: TokenScope & { name: string },
    ctx: AuditContext,
  ): Promise<{ token: string; record: ApiToken }> {
    const token = `grape_${randomBytes(32).toString('hex')}`;
    return this.db.transaction(async (tx) => {
      const now = this.clock();
      const [row] = await tx.query(
        `INSERT INTO api_tokens (id, tenant_id, name, role, token_hash, projects, environments, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          newId('tok'),
          tenantId,
          input.name,
          input.role,
          hashToken(token),
          input.projects,
          input.environments,
          ctx.actor,
          now,
        ],
      );
      const record = toToken(row!);
      await appendAudit(
        tx,
        {
          ...ctx,
          tenantId,
          action: 'token.create',
          objectType: 'token',
          objectId: record.id,
          data: { name: input.name, role: input.role },
        },
        now,
      );
      return { token, record };
    });
  }

  /** The live (not revoked) token with this value. */
  async findByToken(token: string): Promise<ApiToken | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const hash = hashToken(token);
    return this.cache.get(hash, async () => {
      const [row] = await this.db.query(
        'SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
        [hash],
      );
      return row ? toToken(row) : undefined;
    });
  }

  async list(tenantId: string): Promise<ApiToken[]> {
    return (
      await this.db.query('SELECT * FROM api_tokens WHERE tenant_id = $1 ORDER BY created_at, id', [
        tenantId,
      ])
    ).map(toToken);
  }

  /** Takes effect at once here and, through the commit's notification, on every replica. */
  async revoke(tenantId: string, id: string, ctx: AuditContext): Promise<ApiToken | undefined> {
    const revoked = await this.db.transaction(async (tx) => {
      const now = this.clock();
      const [row] = await tx.query(
        `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING *`,
        [tenantId, id, now],
      );
      if (!row) return undefined;
      const hash = row['token_hash'] as string;
      await notifyInvalidate(tx, 'token', hash);
      await appendAudit(
        tx,
        { ...ctx, tenantId, action: 'token.revoke', objectType: 'token', objectId: id },
        now,
      );
      return { hash, token: toToken(row) };
    });
    if (!revoked) return undefined;
    this.cache.invalidate(revoked.hash);
    return revoked.token;
  }
}

function toToken(row: Record<string, unknown>): ApiToken {
  const { tokenHash: _hash, ...token } = fromRow<ApiToken & { tokenHash: string }>(row);
  return token;
}
