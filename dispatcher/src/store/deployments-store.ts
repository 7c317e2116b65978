/**
 * Deployments: created (with their audit event, in one transaction, before GitHub is ever called),
 * read, listed with keyset pagination, and placed in their (project, environment) queue.
 */
import { appendAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import { sqlState, UNIQUE_VIOLATION, type Db } from './db.js';
import { newId } from './ids.js';
import { fromRow, type Deployment, type DeploymentStatus } from './records.js';

export interface NewDeployment {
  readonly tenantId: string;
  readonly projectId: string;
  readonly environment: string;
  readonly operation: Deployment['operation'];
  readonly ref: string;
  readonly variables: Deployment['variables'];
  readonly idempotencyKey: string | null;
  /** sha256 of the canonical request, compared when the idempotency key is reused. */
  readonly requestHash: string | null;
  readonly approves?: { readonly id: string; readonly planSha256: string };
}

export class IdempotencyConflict extends Error {
  constructor(readonly existing: Deployment) {
    super('idempotency key reused with another request');
  }
}

export interface DeploymentFilter {
  readonly projectId?: string | undefined;
  readonly environment?: string | undefined;
  readonly status?: DeploymentStatus | undefined;
  readonly beforeSeq?: number | undefined;
  /** Restricts to these project ids (a scoped token). */
  readonly projectIds?: readonly string[] | null | undefined;
  readonly limit: number;
}

export const toDeployment = (row: Record<string, unknown>): Deployment => fromRow<Deployment>(row);

export class DeploymentsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** `created: false` when the idempotency key named an identical earlier request. */
  async create(
    input: NewDeployment,
    ctx: AuditContext,
  ): Promise<{ deployment: Deployment; created: boolean }> {
    try {
      return await this.tryCreate(input, ctx);
    } catch (error) {
      // Two requests with one key raced; the loser now finds the winner's row.
      if (sqlState(error) === UNIQUE_VIOLATION && input.idempotencyKey !== null)
        return this.tryCreate(input, ctx);
      throw error;
    }
  }

  private tryCreate(
    input: NewDeployment,
    ctx: AuditContext,
  ): Promise<{ deployment: Deployment; created: boolean }> {
    return this.db.transaction(async (tx) => {
      if (input.idempotencyKey !== null) {
        const [row] = await tx.query(
          'SELECT * FROM deployments WHERE tenant_id = $1 AND idempotency_key = $2',
          [input.tenantId, input.idempotencyKey],
        );
        if (row) {
          const existing = toDeployment(row);
          if (existing.requestHash !== input.requestHash) throw new IdempotencyConflict(existing);
          return { deployment: existing, created: false };
        }
      }
      const now = this.clock();
      const [row] = await tx.query(
        `INSERT INTO deployments (id, tenant_id, project_id, environment, operation, status, ref,
           variables, requested_by, idempotency_key, request_hash, approves, plan_sha256,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9, $10, $11, $12, $13, $13)
         RETURNING *`,
        [
          newId('dep'),
          input.tenantId,
          input.projectId,
          input.environment,
          input.operation,
          input.ref,
          JSON.stringify(input.variables),
          ctx.actor,
          input.idempotencyKey,
          input.requestHash,
          input.approves?.id ?? null,
          input.approves?.planSha256 ?? null,
          now,
        ],
      );
      const deployment = toDeployment(row!);
      await appendAudit(
        tx,
        {
          ...ctx,
          tenantId: input.tenantId,
          action: input.approves ? 'deployment.approve' : 'deployment.create',
          objectType: 'deployment',
          objectId: deployment.id,
          data: {
            project: input.projectId,
            environment: input.environment,
            operation: input.operation,
            ref: input.ref,
            ...(input.approves
              ? { plan: input.approves.id, planSha256: input.approves.planSha256 }
              : {}),
          },
        },
        now,
      );
      return { deployment, created: true };
    });
  }

  /** Within the tenant only: another tenant's id reads as absent. */
  async get(tenantId: string, id: string): Promise<Deployment | undefined> {
    const [row] = await this.db.query(
      'SELECT * FROM deployments WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return row ? toDeployment(row) : undefined;
  }

  async getById(id: string): Promise<Deployment | undefined> {
    const [row] = await this.db.query('SELECT * FROM deployments WHERE id = $1', [id]);
    return row ? toDeployment(row) : undefined;
  }

  async getByRunId(runId: number): Promise<Deployment | undefined> {
    const [row] = await this.db.query('SELECT * FROM deployments WHERE run_id = $1', [runId]);
    return row ? toDeployment(row) : undefined;
  }

  /** Newest first; pass the last row's seq as `beforeSeq` for the next page. */
  async list(tenantId: string, f: DeploymentFilter): Promise<Deployment[]> {
    const rows = await this.db.query(
      `SELECT * FROM deployments
       WHERE tenant_id = $1
         AND ($2::text IS NULL OR project_id = $2)
         AND ($3::text IS NULL OR environment = $3)
         AND ($4::text IS NULL OR status = $4)
         AND ($5::bigint IS NULL OR seq < $5)
         AND ($6::text[] IS NULL OR project_id = ANY($6))
       ORDER BY seq DESC LIMIT $7`,
      [
        tenantId,
        f.projectId ?? null,
        f.environment ?? null,
        f.status ?? null,
        f.beforeSeq ?? null,
        f.projectIds ?? null,
        f.limit,
      ],
    );
    return rows.map(toDeployment);
  }

  /** 1 = next to dispatch in its (project, environment); undefined unless queued. */
  async queuePosition(d: Deployment): Promise<number | undefined> {
    if (d.status !== 'queued') return undefined;
    const [row] = await this.db.query<{ ahead: number }>(
      `SELECT count(*)::int AS ahead FROM deployments
       WHERE project_id = $1 AND environment = $2 AND status = 'queued' AND seq < $3`,
      [d.projectId, d.environment, d.seq],
    );
    return (row?.ahead ?? 0) + 1;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM deployments GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
