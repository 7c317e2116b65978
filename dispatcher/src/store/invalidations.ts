/**
 * Cache invalidation across replicas: a change to a cached row sends `NOTIFY grape_invalidate,
 * '<kind>:<key>'` inside its own transaction, so PostgreSQL delivers it to every listening replica
 * exactly when the change commits; the listener drops the entry (every entry of the kind for
 * `kind:*`). While the listening connection is down, the caches serve nothing.
 *
 * Listening is proven before the caches go live: the replica sends itself a probe notification
 * through its ordinary pool and waits for it. Where notifications cannot arrive (a PgBouncer in
 * transaction-pooling mode takes LISTEN and drops what follows) the probe never comes back and
 * every lookup keeps reading the database.
 */
import { randomBytes } from 'node:crypto';
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

export interface ListenOptions {
  /** Told when the probe did not come back: the caches stay off. */
  readonly onProbeLost?: () => void;
  /** How long a probe may take to come back before the caches are judged unusable. */
  readonly probeTimeoutMs?: number;
}

/**
 * Starts feeding the caches; resolves once listening and the first probe came back (caches live)
 * or timed out (caches stay off). The function it returns stops.
 */
export async function listenForInvalidations(
  db: Db,
  caches: Readonly<Record<CacheKind, Invalidatable>>,
  { onProbeLost = () => undefined, probeTimeoutMs = 2_000 }: ListenOptions = {},
): Promise<() => Promise<void>> {
  const all = Object.values(caches);
  const setLive = (live: boolean) => {
    for (const cache of all) cache.setLive(live);
  };
  let probe: { readonly token: string; readonly timer: NodeJS.Timeout } | undefined;
  let firstProbeSettled: () => void = () => undefined;
  const firstProbe = new Promise<void>((resolve) => (firstProbeSettled = resolve));
  const sendProbe = () => {
    if (probe) clearTimeout(probe.timer);
    const token = randomBytes(12).toString('hex');
    const timer = setTimeout(() => {
      probe = undefined;
      onProbeLost();
      firstProbeSettled();
    }, probeTimeoutMs);
    timer.unref();
    probe = { token, timer };
    db.query('SELECT pg_notify($1, $2)', [INVALIDATE_CHANNEL, `probe:${token}`]).catch(
      () => undefined, // no answer: the timer says so
    );
  };
  const stop = db.listen(INVALIDATE_CHANNEL, {
    onMessage(payload) {
      if (payload.startsWith('probe:')) {
        if (probe && payload === `probe:${probe.token}`) {
          clearTimeout(probe.timer);
          probe = undefined;
          setLive(true);
          firstProbeSettled();
        }
        return;
      }
      const colon = payload.indexOf(':');
      const kind = payload.slice(0, colon);
      if (colon < 0 || !Object.hasOwn(caches, kind)) return; // a kind this version does not cache
      const cache = caches[kind as CacheKind];
      const key = payload.slice(colon + 1);
      if (key === '*') cache.invalidateAll();
      else cache.invalidate(key);
    },
    onListening(listening) {
      setLive(false);
      if (listening) sendProbe();
      else if (probe) {
        clearTimeout(probe.timer);
        probe = undefined;
        firstProbeSettled(); // lost before it came back: start without caching
      }
    },
  });
  const stopListening = await stop;
  await firstProbe;
  return async () => {
    if (probe) clearTimeout(probe.timer);
    probe = undefined;
    await stopListening();
  };
}
