/**
 * `grape audit verify`: walks the whole chain in order and proves what it can.
 * - Every link: each event's hash is sha256(previous hash + its content) and names the previous
 *   one; no seq is missing. Alone this catches a naive edit or a removed middle event, not a
 *   writer who recomputes every later hash.
 * - With the key: every event after `keyed_from` carries HMAC(key, "<seq>:<hash>"), and
 *   `keyed_from` its own MAC. An edit, insertion or removal followed by recomputed hashes leaves
 *   MACs only the key's holder could recompute.
 * - With the anchor (a head kept outside the database): the log still holds the anchored event,
 *   with the anchored hash. Events removed from the end, with the head row moved back, show here.
 */
import type { Db } from '../store/db.js';
import type { AuditAnchor } from './audit-anchor.js';
import { anchorMac } from './audit-anchor.js';
import { GENESIS_HASH, eventContent, hashEvent } from './audit-event.js';
import type { AuditKey } from './audit-key.js';
import { toAuditEvent, type AuditRow } from './audit-log.js';
import { auditMac, keyedFromMac } from './audit-seal.js';

export type ChainVerdict =
  | {
      readonly ok: true;
      /** Events proved, 1..lastSeq. */
      readonly events: number;
      readonly lastSeq: number;
      readonly head: string;
      /** Keyed verification: MACs proved from `from + 1` on; undefined without a key. */
      readonly keyed: { readonly from: number; readonly keyId: string } | undefined;
      /** The anchor the log was found to hold; undefined without one. */
      readonly anchor: AuditAnchor | undefined;
      /** What this verdict could not prove. */
      readonly warnings: readonly string[];
    }
  | {
      readonly ok: false;
      readonly events: number;
      readonly brokenAt: number;
      readonly reason: string;
    };

export interface VerifyOptions {
  readonly key?: AuditKey | undefined;
  readonly anchor?: AuditAnchor | undefined;
  readonly batch?: number;
}

export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const { key, anchor, batch = 1000 } = options;
  const [head] = await db.query<{
    seq: number;
    hash: string;
    keyed_from: number | null;
    keyed_from_mac: string | null;
  }>('SELECT seq, hash, keyed_from, keyed_from_mac FROM audit_head WHERE id = 1');
  const warnings: string[] = [];
  const keyedFrom = head?.keyed_from ?? null;
  const broken = (events: number, brokenAt: number, reason: string): ChainVerdict => ({
    ok: false,
    events,
    brokenAt,
    reason,
  });
  if (key && keyedFrom !== null && head!.keyed_from_mac !== keyedFromMac(key, keyedFrom))
    return broken(
      0,
      keyedFrom + 1,
      `where keying starts (after event ${keyedFrom}) does not carry this key's MAC: it was moved, or the key (id ${key.id}) is not the one the chain was sealed with`,
    );
  if (!key) warnings.push('no audit key: MACs not checked, so recomputed hashes would pass');
  else if (keyedFrom === null)
    warnings.push('keying has not started: no dispatcher has run with an audit key yet');

  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let anchoredHash: string | undefined;
  for (;;) {
    const rows = await db.query<AuditRow & { mac: string | null }>(
      'SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2',
      [expectedSeq, batch],
    );
    for (const row of rows) {
      const event = toAuditEvent(row);
      const at = (reason: string) => broken(expectedSeq - 1, event.seq, reason);
      if (event.seq !== expectedSeq) return at(`event ${expectedSeq} is missing`);
      if (event.prevHash !== prev) return at("its prev_hash is not the previous event's hash");
      if (hashEvent(prev, eventContent(event)) !== event.hash)
        return at('its content does not match its hash');
      if (key) {
        const sealed = keyedFrom !== null && event.seq > keyedFrom;
        if (sealed && row.mac !== auditMac(key, event.seq, event.hash))
          return at(
            row.mac === null
              ? 'it has no MAC although keying started before it'
              : 'its MAC does not match (edited and rehashed, or sealed with another key)',
          );
        if (!sealed && row.mac !== null)
          return at('it carries a MAC but lies before where keying starts (the start was moved)');
      }
      if (anchor && event.seq === anchor.seq) anchoredHash = event.hash;
      prev = event.hash;
      expectedSeq++;
    }
    if (rows.length < batch) break;
  }
  const lastSeq = expectedSeq - 1;
  if (head && (head.seq !== lastSeq || head.hash !== prev))
    return broken(
      lastSeq,
      lastSeq + 1,
      `the chain head says event ${head.seq}, but the log ends at ${lastSeq} (events removed from the end)`,
    );
  if (anchor) {
    if (key && anchor.mac !== anchorMac(key, anchor.seq, anchor.hash))
      return broken(
        lastSeq,
        anchor.seq,
        anchor.mac === undefined
          ? 'the anchor carries no MAC although a key is set'
          : "the anchor's MAC does not match: it was forged, or written with another key",
      );
    if (anchor.seq > lastSeq)
      return broken(
        lastSeq,
        lastSeq + 1,
        `the log ends at event ${lastSeq}, but the anchor written at ${anchor.at} proves event ${anchor.seq} existed (events removed from the end)`,
      );
    if (anchor.seq > 0 && anchoredHash !== anchor.hash)
      return broken(
        lastSeq,
        anchor.seq,
        `event ${anchor.seq}'s hash is not the one anchored at ${anchor.at} (the chain was rewritten up to it)`,
      );
  } else warnings.push('no anchor: events removed from the end cannot be ruled out');
  return {
    ok: true,
    events: lastSeq,
    lastSeq,
    head: prev,
    keyed: key && keyedFrom !== null ? { from: keyedFrom, keyId: key.id } : undefined,
    anchor,
    warnings,
  };
}
