/**
 * The append-only audit log. `append` runs inside the caller's transaction, so an event exists
 * exactly when the change it records does; it locks the chain head row, so concurrent replicas
 * append one after another to a single chain.
 */
import type { Db, Queryable } from '../store/db.js';
import {
  GENESIS_HASH,
  eventContent,
  hashEvent,
  type AuditEvent,
  type AuditInput,
} from './audit-event.js';

interface AuditRow {
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

/**
 * One statement, one round trip: lock and advance the head (hash computed by PostgreSQL's sha256
 * over prev_hash || content, byte for byte what `hashEvent` computes) and insert the event. The
 * head row stays locked until the caller's transaction commits, so appends are serialised.
 */
export async function appendAudit(
  tx: Queryable,
  input: AuditInput,
  now: Date,
): Promise<AuditEvent> {
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
  const content = eventContent(fields);
  const [row] = await tx.query<{ seq: number; prev_hash: string; hash: string }>(
    `WITH head AS (
       UPDATE audit_head h SET seq = h.seq + 1, hash = encode(sha256(convert_to(h.hash || $1, 'UTF8')), 'hex')
       FROM (SELECT hash FROM audit_head WHERE id = 1 FOR UPDATE) prev
       WHERE h.id = 1
       RETURNING h.seq, prev.hash AS prev_hash, h.hash)
     INSERT INTO audit_events (seq, at, tenant_id, actor, action, object_type, object_id,
       source_ip, request_id, data, prev_hash, hash)
     SELECT seq, $2, $3, $4, $5, $6, $7, $8, $9, $10, prev_hash, hash FROM head
     RETURNING seq, prev_hash, hash`,
    [
      content,
      fields.at,
      fields.tenantId,
      fields.actor,
      fields.action,
      fields.objectType,
      fields.objectId,
      fields.sourceIp,
      fields.requestId,
      JSON.stringify(fields.data),
    ],
  );
  if (!row) throw new Error('audit_head row missing: the migrations did not run');
  return { ...fields, seq: row.seq, prevHash: row.prev_hash, hash: row.hash };
}

/** A tenant's events, newest first, before `beforeSeq` (keyset pagination). */
export async function listAudit(
  db: Queryable,
  tenantId: string,
  options: { beforeSeq?: number | undefined; limit: number },
): Promise<AuditEvent[]> {
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_events WHERE tenant_id = $1 AND ($2::bigint IS NULL OR seq < $2)
     ORDER BY seq DESC LIMIT $3`,
    [tenantId, options.beforeSeq ?? null, options.limit],
  );
  return rows.map(toAuditEvent);
}

export type ChainVerdict =
  | { readonly ok: true; readonly events: number; readonly head: string }
  | {
      readonly ok: false;
      readonly events: number;
      readonly brokenAt: number;
      readonly reason: string;
    };

/** Walks the whole chain in order and recomputes every link. */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<ChainVerdict> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db.query<AuditRow>(
      'SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2',
      [expectedSeq, batch],
    );
    for (const row of rows) {
      const event = toAuditEvent(row);
      const broken = (reason: string): ChainVerdict => ({
        ok: false,
        events: expectedSeq - 1,
        brokenAt: event.seq,
        reason,
      });
      if (event.seq !== expectedSeq) return broken(`event ${expectedSeq} is missing`);
      if (event.prevHash !== prev) return broken("its prev_hash is not the previous event's hash");
      if (hashEvent(prev, eventContent(event)) !== event.hash)
        return broken('its content does not match its hash');
      prev = event.hash;
      expectedSeq++;
    }
    if (rows.length < batch) break;
  }
  const [head] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head');
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prev))
    return {
      ok: false,
      events: expectedSeq - 1,
      brokenAt: expectedSeq,
      reason: `the chain head says event ${head.seq}, but the log ends at ${expectedSeq - 1} (events removed from the end)`,
    };
  return { ok: true, events: expectedSeq - 1, head: prev };
}
