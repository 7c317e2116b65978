/**
 * Deployments: created (with their audit event, in one transaction, before GitHub is ever called),
 * read, listed with keyset pagination, and placed in their (project, environment) queue.
 */
import { prepareAuditEvent } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import type { Db, Queryable } from './db.js';
import { GroupCommit, type GroupCommitOptions, type Settled } from './group-commit.js';
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
  /** Restricts to these environments (a scoped token). */
  readonly environments?: readonly string[] | null | undefined;
  readonly limit: number;
}

export const toDeployment = (row: Record<string, unknown>): Deployment => fromRow<Deployment>(row);

/** A created (or idempotently replayed) deployment and its place in its queue. */
export interface CreatedDeployment {
  readonly deployment: Deployment;
  /** false when the idempotency key named an identical earlier request. */
  readonly created: boolean;
  /** 1 = next to dispatch in its (project, environment); undefined unless queued. */
  readonly queuePosition: number | undefined;
}

interface CreateRequest {
  readonly input: NewDeployment;
  readonly ctx: AuditContext;
}

export class DeploymentsStore {
  private readonly creates: GroupCommit<CreateRequest, CreatedDeployment>;

  /**
   * One flush in flight per replica. The database runs creators one at a time anyway
   * (grape_create_deployments takes the audit-chain head first, which also keeps queue positions
   * exact across replicas), so a second flush would only split the waiting requests into smaller
   * batches, each paying its own commit: measured 5,400 vs 8,600 creations/s on PostgreSQL.
   */
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    batching: GroupCommitOptions = { maxBatch: 64, concurrency: 1 },
  ) {
    this.creates = new GroupCommit((batch) => this.createBatch(batch), batching);
  }

  /**
   * Creates a queued deployment and its audit event, in one transaction. Concurrent calls are
   * group-committed (see group-commit.ts); each caller still gets its own outcome.
   */
  create(input: NewDeployment, ctx: AuditContext): Promise<CreatedDeployment> {
    return this.creates.submit({ input, ctx });
  }

  /**
   * One statement for the whole batch (so one commit and one lock of the audit-chain head):
   * `grape_create_deployments` (migration 003) inserts every row and appends the audit events of
   * the rows actually inserted, in order. A row whose idempotency key is taken inserts nothing: its
   * request gets the earlier deployment back, or a conflict when its body differs.
   */
  private async createBatch(
    batch: readonly CreateRequest[],
  ): Promise<Settled<CreatedDeployment>[]> {
    const now = this.clock();
    const ids = batch.map(() => newId('dep'));
    const events = batch.map(({ input, ctx }, i) =>
      prepareAuditEvent(
        {
          ...ctx,
          tenantId: input.tenantId,
          action: input.approves ? 'deployment.approve' : 'deployment.create',
          objectType: 'deployment',
          objectId: ids[i]!,
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
      ),
    );
    const fresh = batch.map((r, i) => newRow(ids[i]!, r, now));
    const rows = await this.db.query<{ id: string; seq: number; queued_ahead: number }>(
      `SELECT created_id AS id, created_seq AS seq, queued_ahead
       FROM grape_create_deployments($1, $2::jsonb)`,
      [
        now,
        // The function reads the row's fields it inserts (id, tenantId, …, planSha256).
        JSON.stringify(fresh.map((row, i) => ({ ...row, auditEvent: events[i]!.json }))),
      ],
      { prepare: true },
    );
    const inserted = new Map(rows.map((row) => [row.id, row]));
    // Everything but the seq is known here: the rows are not read back.
    const byId = new Map(
      ids.flatMap((id, i) => {
        const row = inserted.get(id);
        return row
          ? [[row.id, { deployment: { ...fresh[i]!, seq: row.seq }, ahead: row.queued_ahead }]]
          : [];
      }),
    );
    const replays = batch.some((_r, i) => !byId.has(ids[i]!))
      ? await this.existingByKey(batch)
      : new Map<string, Deployment>();
    const results: Settled<CreatedDeployment>[] = [];
    for (const [i, r] of batch.entries()) {
      const hit = byId.get(ids[i]!);
      if (hit) {
        const queuePosition = hit.ahead + 1;
        results.push({
          ok: true,
          value: { deployment: hit.deployment, created: true, queuePosition },
        });
        continue;
      }
      const existing = replays.get(`${r.input.tenantId}\0${r.input.idempotencyKey}`);
      if (!existing)
        throw new Error(`deployment ${ids[i]} was neither inserted nor found by its key`);
      results.push(
        existing.requestHash === r.input.requestHash
          ? {
              ok: true,
              value: {
                deployment: existing,
                created: false,
                queuePosition: await this.queuePosition(existing),
              },
            }
          : { ok: false, error: new IdempotencyConflict(existing) },
      );
    }
    return results;
  }

  /** The deployments already holding the batch's idempotency keys, by tenant and key. */
  private async existingByKey(batch: readonly CreateRequest[]): Promise<Map<string, Deployment>> {
    const keyed = batch.filter((r) => r.input.idempotencyKey !== null);
    const rows = await this.db.query(
      `SELECT d.* FROM deployments d
       JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, idempotency_key)
         ON d.tenant_id = k.tenant_id AND d.idempotency_key = k.idempotency_key`,
      [keyed.map((r) => r.input.tenantId), keyed.map((r) => r.input.idempotencyKey)],
    );
    return new Map(rows.map(toDeployment).map((d) => [`${d.tenantId}\0${d.idempotencyKey}`, d]));
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
         AND ($8::text[] IS NULL OR environment = ANY($8))
       ORDER BY seq DESC LIMIT $7`,
      [
        tenantId,
        f.projectId ?? null,
        f.environment ?? null,
        f.status ?? null,
        f.beforeSeq ?? null,
        f.projectIds ?? null,
        f.limit,
        f.environments ?? null,
      ],
    );
    return rows.map(toDeployment);
  }

  /** 1 = next to dispatch in its (project, environment); undefined unless queued. */
  queuePosition(d: Deployment): Promise<number | undefined> {
    return queuePositionIn(this.db, d);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM deployments GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}

async function queuePositionIn(db: Queryable, d: Deployment): Promise<number | undefined> {
  if (d.status !== 'queued') return undefined;
  const [row] = await db.query<{ ahead: number }>(
    `SELECT count(*)::int AS ahead FROM deployments
     WHERE project_id = $1 AND environment = $2 AND status = 'queued' AND seq < $3`,
    [d.projectId, d.environment, d.seq],
  );
  return (row?.ahead ?? 0) + 1;
}

/** The row `createBatch` inserts, as `get` will read it back, but for its seq. */
function newRow(id: string, { input, ctx }: CreateRequest, now: Date): Omit<Deployment, 'seq'> {
  return {
    id,
    tenantId: input.tenantId,
    projectId: input.projectId,
    environment: input.environment,
    operation: input.operation,
    status: 'queued',
    statusReason: null,
    ref: input.ref,
    variables: input.variables,
    requestedBy: ctx.actor,
    idempotencyKey: input.idempotencyKey,
    requestHash: input.requestHash,
    approves: input.approves?.id ?? null,
    planSha256: input.approves?.planSha256 ?? null,
    planHasChanges: null,
    planSummary: null,
    factsCommit: null,
    outputs: null,
    runId: null,
    runUrl: null,
    attempts: 0,
    notBefore: null,
    dispatchStartedAt: null,
    dispatchedAt: null,
    cancelRequestedAt: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}
