/**
 * The chain's head, anchored outside the database: a small file (`audit-anchor.json` in the data
 * dir) the dispatcher rewrites as the chain grows. Events can be removed from the end of the log
 * and the head row moved back without breaking a single link; the anchor still names an event the
 * log must contain, with its hash, so `grape audit verify` sees the truncation. With the key, the
 * anchor carries a MAC: a forged anchor is refused too. Each replica anchors on its own disk.
 */
import { createHmac } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../store/db.js';
import type { AuditKey } from './audit-key.js';

export const AUDIT_ANCHOR_FILE = 'audit-anchor.json';

export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  /** HMAC of seq and hash with the audit key; absent without a key. */
  readonly mac?: string;
}

export const anchorMac = (key: AuditKey, seq: number, hash: string): string =>
  createHmac('sha256', key.secret).update(`anchor:${seq}:${hash}`).digest('hex');

/** The current head as an anchor. */
export async function currentAnchor(
  db: Queryable,
  key: AuditKey | undefined,
  now: Date,
): Promise<AuditAnchor> {
  const [head] = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  );
  if (!head) throw new Error('audit_head row missing: the migrations did not run');
  return {
    seq: head.seq,
    hash: head.hash,
    at: now.toISOString(),
    ...(key ? { mac: anchorMac(key, head.seq, head.hash) } : {}),
  };
}

/** Replaces the file atomically, never with an older head than it holds. */
export async function writeAnchor(file: string, anchor: AuditAnchor): Promise<void> {
  const previous = await readAnchor(file).catch(() => undefined);
  if (previous && previous.seq > anchor.seq) return;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Undefined when there is no anchor file; throws when it is not one. */
export async function readAnchor(file: string): Promise<AuditAnchor | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value = JSON.parse(text) as Partial<AuditAnchor>;
  if (
    typeof value.seq !== 'number' ||
    !Number.isSafeInteger(value.seq) ||
    typeof value.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(value.hash)
  )
    throw new Error(`${file} is not an audit anchor (expected {"seq": n, "hash": "<64 hex>"})`);
  return value as AuditAnchor;
}
