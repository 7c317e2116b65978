/**
 * Inserting deployments: a batch of new rows and their audit events in one statement
 * (`grape_create_deployments`, migration 003), on any connection or open transaction, so a caller
 * can group-commit many (deployments-store.ts) or make one part of a larger transaction (an
 * approval, approve-plan.ts).
 */
import { prepareAuditEvent } from '../audit/audit-log.js';
import { claimEvent } from './claim-dispatchable.js';
import type { AuditContext } from '../audit/audit-event.js';
import type { Queryable } from './db.js';
import type { Settled } from './group-commit.js';
import { newId } from './ids.js';
import { toDeployment, type Deployment } from './records.js';

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

/** A created (or idempotently replayed) deployment and its place in its queue. */
export interface CreatedDeployment {
  readonly deployment: Deployment;
  /** false when the idempotency key named an identical earlier request. */
  readonly created: boolean;
  /** 1 = next to dispatch in its (project, environment); undefined unless queued. */
  readonly queuePosition: number | undefined;
}

export interface CreateRequest {
  readonly input: NewDeployment;
  readonly ctx: AuditContext;
}

/** Claim on create: how many new rows the caller's dispatch loop can start, and as whom. */
export interface ClaimOnCreate {
  readonly room: number;
  readonly audit: AuditContext;
}

/**
 * One statement for the whole batch (so one commit and one lock of the audit-chain head):
 * `grape_create_deployments` (migrations 003, 018) inserts every row and appends the audit events
 * of the rows actually inserted, in order. A row whose idempotency key is taken inserts nothing:
 * its request gets the earlier deployment back, or a conflict when its body differs. With
 * `claim`, the same statement claims up to `claim.room` of the new rows that are dispatchable
 * (`grape_claim`): those come back `dispatching`, attempt 1, and the caller must dispatch them.
 */
export async function insertDeployments(
  db: Queryable,
  now: Date,
  batch: readonly CreateRequest[],
  claim?: ClaimOnCreate,
): Promise<Settled<CreatedDeployment>[]> {
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
  const room = claim?.room ?? 0;
  const rows = await db.query<{ id: string; seq: number; queued_ahead: number; claimed: boolean }>(
    `SELECT created_id AS id, created_seq AS seq, queued_ahead, claimed, audit_seqs, audit_hashes
     FROM grape_create_deployments($1, $2::jsonb, $3)`,
    [
      now,
      // The function reads the row's fields it inserts (id, tenantId, …, planSha256).
      JSON.stringify(
        fresh.map((row, i) => ({
          ...row,
          auditEvent: events[i]!.json,
          ...(claim && room > 0
            ? { claimEvent: prepareAuditEvent(claimEvent(claimed(row), claim.audit), now).json }
            : {}),
        })),
      ),
      room,
    ],
    { prepare: true },
  );
  const inserted = new Map(rows.map((row) => [row.id, row]));
  // Everything but the seq is known here: the rows are not read back.
  const byId = new Map(
    ids.flatMap((id, i) => {
      const row = inserted.get(id);
      if (!row) return [];
      const deployment = { ...fresh[i]!, seq: row.seq };
      return [
        [
          row.id,
          { deployment: row.claimed ? claimed(deployment) : deployment, ahead: row.queued_ahead },
        ],
      ];
    }),
  );
  const replays = batch.some((_r, i) => !byId.has(ids[i]!))
    ? await existingByKey(db, batch)
    : new Map<string, Deployment>();
  const results: Settled<CreatedDeployment>[] = [];
  for (const [i, r] of batch.entries()) {
    const hit = byId.get(ids[i]!);
    if (hit) {
      const queuePosition = hit.deployment.status === 'queued' ? hit.ahead + 1 : undefined;
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
              queuePosition: await queuePositionIn(db, existing),
            },
          }
        : { ok: false, error: new IdempotencyConflict(existing) },
    );
  }
  return results;
}

/** The deployments already holding the batch's idempotency keys, by tenant and key. */
async function existingByKey(
  db: Queryable,
  batch: readonly CreateRequest[],
): Promise<Map<string, Deployment>> {
  const keyed = batch.filter((r) => r.input.idempotencyKey !== null);
  const rows = await db.query(
    `SELECT d.* FROM deployments d
     JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, idempotency_key)
       ON d.tenant_id = k.tenant_id AND d.idempotency_key = k.idempotency_key`,
    [keyed.map((r) => r.input.tenantId), keyed.map((r) => r.input.idempotencyKey)],
  );
  return new Map(rows.map(toDeployment).map((d) => [`${d.tenantId}\0${d.idempotencyKey}`, d]));
}

export async function queuePositionIn(db: Queryable, d: Deployment): Promise<number | undefined> {
  if (d.status !== 'queued') return undefined;
  const [row] = await db.query<{ ahead: number }>(
    `SELECT count(*)::int AS ahead FROM deployments
     WHERE project_id = $1 AND environment = $2 AND status = 'queued' AND seq < $3`,
    [d.projectId, d.environment, d.seq],
  );
  return (row?.ahead ?? 0) + 1;
}

/** A new row as `grape_claim` leaves it: its first attempt started. */
function claimed<D extends Omit<Deployment, 'seq'>>(row: D): D {
  const at = row.createdAt;
  return { ...row, status: 'dispatching', attempts: 1, dispatchStartedAt: at, updatedAt: at };
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
    driftCheck: false,
    drift: null,
    planResources: null,
    planResourcesOmitted: null,
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
