/**
 * An audit event and its link in the hash chain: hash = sha256(prev_hash + canonical JSON of the
 * event's content). The position (`seq`) is not hashed: the chain itself fixes the order, so
 * changing, removing or reordering any stored event breaks every later link.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Who did it and from where: taken from the request (or `system` for the dispatch loop). */
export interface AuditContext {
  readonly actor: string;
  readonly sourceIp?: string | undefined;
  readonly requestId?: string | undefined;
}

export interface AuditInput extends AuditContext {
  readonly tenantId: string | null;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly data?: Record<string, unknown>;
}

export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly tenantId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly sourceIp: string | null;
  readonly requestId: string | null;
  readonly data: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content: everything but the position and the links. */
export function eventContent(
  event: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'> & Partial<AuditEvent>,
): string {
  const { seq: _seq, prevHash: _prev, hash: _hash, ...content } = event;
  return canonicalJson(content);
}

export function hashEvent(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

export const SYSTEM: AuditContext = { actor: 'system' };
