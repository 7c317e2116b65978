/**
 * The append-only audit log. `append` runs inside the caller's transaction, so an event exists
 * exactly when the change it records does; it locks the chain head row, so concurrent replicas
 * append one after another to a single chain.
 */
import type { Queryable } from '../store/db.js';
import { eventContent, type AuditEvent, type AuditInput } from './audit-event.js';

export interface AuditRow {
  seq: number;
  at: Date;
  tenant_id: string | null;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  source_ip: string | null;
  request_id: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    tenantId: row.tenant_id,
    actor: row.actor,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    sourceIp: row.source_ip,
    requestId: row.request_id,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Appends one event; see `appendAuditBatch`. */
export async function appendAudit(
  tx: Queryable,
  input: AuditInput,
  now: Date,
): Promise<AuditEvent> {
  const [event] = await appendAuditBatch(tx, [input], now);
  return event!;
}

/** An event as `grape_audit_append` (migration 003) takes it: the fields and their hashed content. */
export interface PreparedAuditEvent {
  readonly fields: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;
  /** The JSON object handed to the database. */
  readonly json: Record<string, unknown>;
}

export function prepareAuditEvent(input: AuditInput, now: Date): PreparedAuditEvent {
  const fields = {
    at: now.toISOString(),
    tenantId: input.tenantId,
    actor: input.actor,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    sourceIp: input.sourceIp ?? null,
    requestId: input.requestId ?? null,
    data: input.data ?? {},
  };
  return { fields, json: { ...fields, content: eventContent(fields) } };
}

/**
 * One round trip for any number of events: `grape_audit_append` locks the chain head, links the
 * events in order and advances the head. The head row stays locked until the caller's transaction
 * commits, so appends from every replica form one chain; a batch pays for that lock once.
 */
export async function appendAuditBatch(
  tx: Queryable,
  inputs: readonly AuditInput[],
  now: Date,
): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const events = inputs.map((input) => prepareAuditEvent(input, now));
  const rows = await tx.query<{ seq: number; prev_hash: string; hash: string }>(
    `SELECT event_seq AS seq, event_prev_hash AS prev_hash, event_hash AS hash
     FROM grape_audit_append($1, $2::jsonb)`,
    [now, JSON.stringify(events.map((e) => e.json))],
  );
  if (rows.length !== events.length) throw new Error('the audit chain did not take every event');
  return rows.map((row, i) => ({
    ...events[i]!.fields,
    seq: row.seq,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
}

/** Which events a scoped reader sees (token-scope.ts `AuditScope`). */
export interface AuditReadScope {
  readonly projectIds: readonly string[] | null;
  readonly environments: readonly string[] | null;
  readonly tokenIds: readonly string[];
}

/**
 * A tenant's events, newest first, before `beforeSeq` (keyset pagination). With a scope, only
 * events about its deployments (project and environment inside), its projects and its tokens.
 */
export async function listAudit(
  db: Queryable,
  tenantId: string,
  options: { beforeSeq?: number | undefined; limit: number; scope?: AuditReadScope | undefined },
): Promise<AuditEvent[]> {
  const scope = options.scope;
  const rows = await db.query<AuditRow>(
    `SELECT a.* FROM audit_events a WHERE a.tenant_id = $1 AND ($2::bigint IS NULL OR a.seq < $2)
       AND ($4::boolean IS NOT TRUE
         OR (a.object_type = 'deployment' AND EXISTS (
               SELECT 1 FROM deployments d WHERE d.id = a.object_id AND d.tenant_id = $1
                 AND ($5::text[] IS NULL OR d.project_id = ANY($5))
                 AND ($6::text[] IS NULL OR d.environment = ANY($6))))
         OR (a.object_type = 'project' AND ($5::text[] IS NULL OR a.object_id = ANY($5)))
         OR (a.object_type = 'token' AND a.object_id = ANY($7)))
     ORDER BY a.seq DESC LIMIT $3`,
    [
      tenantId,
      options.beforeSeq ?? null,
      options.limit,
      scope !== undefined,
      scope?.projectIds ?? null,
      scope?.environments ?? null,
      scope?.tokenIds ?? [],
    ],
  );
  return rows.map(toAuditEvent);
}
