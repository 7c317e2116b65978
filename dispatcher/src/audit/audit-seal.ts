/**
 * Seals audit events with the key (audit-key.ts): `mac = HMAC-SHA256(key, "<seq>:<hash>")`. The
 * hash already covers every earlier event (audit-event.ts), so a MAC vouches for the whole chain up
 * to its event; rewriting an event and recomputing the later hashes leaves MACs nobody without the
 * key can recompute. Sealing runs in the appending transaction, which still holds the chain head,
 * so the unsealed events it finds are its own.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { Db, Queryable } from '../store/db.js';
import type { AuditKey } from './audit-key.js';

/** The key as a KeyObject, made once: an HMAC keyed with a Buffer imports it on every call (~8×). */
const keyObjects = new WeakMap<AuditKey, KeyObject>();
const hmacKey = (key: AuditKey): KeyObject => {
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = createSecretKey(key.secret)));
  return k;
};

export const auditMac = (key: AuditKey, seq: number, hash: string): string =>
  createHmac('sha256', hmacKey(key)).update(`${seq}:${hash}`).digest('hex');

/** Vouches for where keying started, so it cannot be moved to hide a rewrite. */
export const keyedFromMac = (key: AuditKey, keyedFrom: number): string =>
  createHmac('sha256', key.secret).update(`keyed-from:${keyedFrom}`).digest('hex');

/** An appended event as the append statement returned it. */
export interface AppendedEvent {
  readonly seq: number;
  readonly hash: string;
}

/** Seals this transaction's events (those after `keyed_from` without a MAC). */
export async function sealPending(tx: Queryable, key: AuditKey): Promise<void> {
  const rows = await tx.query<AppendedEvent>(
    `SELECT e.seq, e.hash FROM audit_events e, audit_head h
     WHERE h.id = 1 AND h.keyed_from IS NOT NULL AND e.seq > h.keyed_from AND e.mac IS NULL
     ORDER BY e.seq`,
  );
  await sealEvents(tx, key, rows);
}

/**
 * Seals events this transaction appended and read back from the append itself (one statement
 * fewer while the chain head is held). Only for a replica that has a key: it started keying
 * (`startKeying`) before its first append, so every event it appends lies after `keyed_from`.
 */
export async function sealEvents(
  tx: Queryable,
  key: AuditKey,
  events: readonly AppendedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `UPDATE audit_events e SET mac = v.mac
     FROM unnest($1::bigint[], $2::text[]) AS v(seq, mac) WHERE e.seq = v.seq`,
    [events.map((r) => r.seq), events.map((r) => auditMac(key, r.seq, r.hash))],
  );
}

/**
 * Starts keying at the current head, once: events up to it stay a plain hash chain. Returns
 * where keying starts.
 */
export async function startKeying(db: Db, key: AuditKey): Promise<number> {
  return db.transaction(async (tx) => {
    const [head] = await tx.query<{ seq: number; keyed_from: number | null }>(
      'SELECT seq, keyed_from FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    if (!head) throw new Error('audit_head row missing: the migrations did not run');
    if (head.keyed_from !== null) return head.keyed_from;
    await tx.query('UPDATE audit_head SET keyed_from = $1, keyed_from_mac = $2 WHERE id = 1', [
      head.seq,
      keyedFromMac(key, head.seq),
    ]);
    return head.seq;
  });
}

/** The two server-side functions that append audit events. */
const APPEND = 'grape_audit_append';
const CREATE = 'grape_create_deployments';

/** True when `sql` appends audit events. */
export const appendsAudit = (sql: string): boolean => sql.includes(APPEND) || sql.includes(CREATE);

/**
 * The events a statement appended, as its rows name them: `grape_audit_append` returns one row
 * per event (`seq`, `hash`: audit-log.ts `appendAuditBatch`), `grape_create_deployments` (migration
 * 018) one row per deployment with its events (`audit_seqs`, `audit_hashes`). Undefined when the
 * rows do not name them (the caller reads the unsealed events back).
 */
export function appendedBy(
  sql: string,
  rows: readonly Record<string, unknown>[],
): AppendedEvent[] | undefined {
  if (sql.includes(APPEND))
    return rows.every((r) => r.seq !== undefined && typeof r.hash === 'string')
      ? rows.map((r) => ({ seq: Number(r.seq), hash: r.hash as string }))
      : undefined;
  if (sql.includes(CREATE)) {
    const events: AppendedEvent[] = [];
    for (const r of rows) {
      const seqs = r.audit_seqs;
      const hashes = r.audit_hashes;
      if (!Array.isArray(seqs) || !Array.isArray(hashes) || seqs.length !== hashes.length)
        return undefined;
      seqs.forEach((seq, i) => events.push({ seq: Number(seq), hash: String(hashes[i]) }));
    }
    return events;
  }
  return undefined;
}
