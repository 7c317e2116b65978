/**
 * The audit events about one object of a tenant, oldest first: a deployment's history (each
 * status it took, who moved it there and when) read from the same hash-chained log that proves it.
 */
import type { Queryable } from '../store/db.js';
import { toAuditEvent, type AuditRow } from './audit-log.js';
import type { AuditEvent } from './audit-event.js';

export async function listObjectHistory(
  db: Queryable,
  tenantId: string,
  object: { readonly type: string; readonly id: string },
  limit: number,
): Promise<AuditEvent[]> {
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_events
     WHERE tenant_id = $1 AND object_type = $2 AND object_id = $3
     ORDER BY seq LIMIT $4`,
    [tenantId, object.type, object.id, limit],
  );
  return rows.map(toAuditEvent);
}
