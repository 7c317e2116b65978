/**
 * Cache invalidation across replicas: a change to a cached row sends `NOTIFY grape_invalidate,
 * '<kind>:<key>'` inside its own transaction, so PostgreSQL delivers it to every listening replica
 * exactly when the change commits; the listener drops the entry (every entry of the kind for
 * `kind:*`). While the listening connection is down, the caches serve nothing.
 */
import type { Db, Queryable } from './db.js';

/** What a cache offers the listener. */
export interface Invalidatable {
  invalidate(key: string): void;
  invalidateAll(): void;
  setLive(live: boolean): void;
}

export const INVALIDATE_CHANNEL = 'grape_invalidate';

export type CacheKind = 'token' | 'project';

/** Inside the changing transaction: delivered on commit, never for a rolled-back change. */
export async function notifyInvalidate(tx: Queryable, kind: CacheKind, key: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [INVALIDATE_CHANNEL, `${kind}:${key}`]);
}

/** Starts feeding the caches; resolves once listening. The function it returns stops. */
export function listenForInvalidations(
  db: Db,
  caches: Readonly<Record<CacheKind, Invalidatable>>,
): Promise<() => Promise<void>> {
  const all = Object.values(caches);
  return db.listen(INVALIDATE_CHANNEL, {
    onMessage(payload) {
      const colon = payload.indexOf(':');
      const kind = payload.slice(0, colon);
      if (colon < 0 || !Object.hasOwn(caches, kind)) return; // a kind this version does not cache
      const cache = caches[kind as CacheKind];
      const key = payload.slice(colon + 1);
      if (key === '*') cache.invalidateAll();
      else cache.invalidate(key);
    },
    onListening(listening) {
      for (const cache of all) cache.setLive(listening);
    },
  });
}
