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

const QUEUE_AHEAD = `(SELECT count(*)::int FROM deployments q
   WHERE q.project_id = d.project_id AND q.environment = d.environment
     AND q.status = 'queued' AND q.seq < d.seq)`;

export class DeploymentsStore {
  private readonly creates: GroupCommit<CreateRequest, CreatedDeployment>;

  /**
   * One flush at a time per replica: flushes serialise on the audit-chain head anyway, and a flush
   * that overlapped another could not count the other's rows ahead of it in the queue (they are
   * not committed yet), so the queue positions it reports would be too small.
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
   * One statement for the whole batch (so one commit and one lock of the audit-chain head): insert
   * every row, and append the audit events of the rows actually inserted, in order. A row whose
   * idempotency key is taken inserts nothing: its request gets the earlier deployment back, or a
   * conflict when its body differs.
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
    const col = <T>(pick: (r: CreateRequest) => T): T[] => batch.map(pick);
    const rows = await this.db.query<{ id: string; seq: number; queued_ahead: number }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
           $6::text[], $7::jsonb[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
           $13::jsonb[]) WITH ORDINALITY
           AS t(id, tenant_id, project_id, environment, operation, ref, variables, requested_by,
             idempotency_key, request_hash, approves, plan_sha256, audit_event, n)),
       inserted AS (
         INSERT INTO deployments AS d (id, tenant_id, project_id, environment, operation, status,
           ref, variables, requested_by, idempotency_key, request_hash, approves, plan_sha256,
           created_at, updated_at)
         SELECT id, tenant_id, project_id, environment, operation, 'queued', ref, variables,
           requested_by, idempotency_key, request_hash, approves, plan_sha256, $14, $14
         FROM input ORDER BY n
         ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING d.id, d.seq, ${QUEUE_AHEAD} AS queued_ahead),
       audited AS (
         SELECT count(*) AS events FROM grape_audit_append($14,
           (SELECT jsonb_agg(i.audit_event ORDER BY i.n) FROM input i JOIN inserted USING (id))))
     SELECT inserted.id, inserted.seq, inserted.queued_ahead, audited.events
     FROM inserted, audited`,
      [
        ids,
        col((r) => r.input.tenantId),
        col((r) => r.input.projectId),
        col((r) => r.input.environment),
        col((r) => r.input.operation),
        col((r) => r.input.ref),
        col((r) => JSON.stringify(r.input.variables)),
        col((r) => r.ctx.actor),
        col((r) => r.input.idempotencyKey),
        col((r) => r.input.requestHash),
        col((r) => r.input.approves?.id ?? null),
        col((r) => r.input.approves?.planSha256 ?? null),
        events.map((e) => JSON.stringify(e.json)),
        now,
      ],
      { prepare: true },
    );
    const inserted = new Map(rows.map((row) => [row.id, row]));
    // Everything but the seq is known here: the rows are not read back.
    const byId = new Map(
      batch.flatMap((r, i) => {
        const row = inserted.get(ids[i]!);
        return row
          ? [[row.id, { deployment: newRecord(row.id, row.seq, r, now), ahead: row.queued_ahead }]]
          : [];
      }),
    );
    const replays = batch.some((_r, i) => !byId.has(ids[i]!))
      ? await this.existingByKey(batch)
      : new Map<string, Deployment>();
    // The statement's snapshot does not show rows of this same batch: count those in order.
    const earlierInBatch = new Map<string, number>();
    const results: Settled<CreatedDeployment>[] = [];
    for (const [i, r] of batch.entries()) {
      const hit = byId.get(ids[i]!);
      if (hit) {
        const queue = `${hit.deployment.projectId}\0${hit.deployment.environment}`;
        const before = earlierInBatch.get(queue) ?? 0;
        earlierInBatch.set(queue, before + 1);
        const queuePosition = hit.ahead + before + 1;
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
    `SELECT ${QUEUE_AHEAD} AS ahead FROM (SELECT $1::text AS project_id, $2::text AS environment,
       $3::bigint AS seq) d`,
    [d.projectId, d.environment, d.seq],
  );
  return (row?.ahead ?? 0) + 1;
}

/** The row `createBatch` inserts, as `get` would read it back. */
function newRecord(id: string, seq: number, { input, ctx }: CreateRequest, now: Date): Deployment {
  return {
    seq,
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
