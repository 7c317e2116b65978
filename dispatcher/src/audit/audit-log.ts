/**
 * The append-only audit log. `append` runs inside the caller's transaction, so an event exists
 * exactly when the change it records does; it locks the chain head row, so concurrent replicas
 * append one after another to a single chain.
 */
import type { Db, Queryable } from '../store/db.js';
import { GENESIS_HASH, hashEvent, type AuditEvent, type AuditInput } from './audit-event.js';

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

export async function appendAudit(
  tx: Queryable,
  input: AuditInput,
  now: Date,
): Promise<AuditEvent> {
  const [head] = await tx.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  if (!head) throw new Error('audit_head row missing: the migrations did not run');
  const unhashed = {
    seq: head.seq + 1,
    at: now.toISOString(),
    tenantId: input.tenantId,
    actor: input.actor,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    sourceIp: input.sourceIp ?? null,
    requestId: input.requestId ?? null,
    data: input.data ?? {},
    prevHash: head.hash,
  };
  const event: AuditEvent = { ...unhashed, hash: hashEvent(unhashed) };
  await tx.query(
    `INSERT INTO audit_events (seq, at, tenant_id, actor, action, object_type, object_id,
       source_ip, request_id, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      event.seq,
      event.at,
      event.tenantId,
      event.actor,
      event.action,
      event.objectType,
      event.objectId,
      event.sourceIp,
      event.requestId,
      JSON.stringify(event.data),
      event.prevHash,
      event.hash,
    ],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [event.seq, event.hash]);
  return event;
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
      const { hash, ...rest } = event;
      if (hashEvent(rest) !== hash) return broken('its content does not match its hash');
      prev = hash;
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
