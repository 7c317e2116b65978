/**
 * A read-through cache for rows another process may change (a token revoked through another
 * replica or the CLI). It serves entries only while change notifications are known to arrive (see
 * invalidations.ts): any doubt (no listener, a lost connection) empties it and reads go to the
 * database. An entry lives at most `ttlMs` even so. A read that overlaps any invalidation is
 * returned but not kept, so a change cannot be overwritten by the stale read it raced with.
 * Only found rows are cached: something created a moment ago is never hidden by an old miss.
 */
import { LRUCache } from 'lru-cache';

export interface InvalidatingCacheOptions {
  readonly max: number;
  readonly ttlMs: number;
}

export class InvalidatingCache<V extends object> {
  private readonly entries: LRUCache<string, V>;
  private generation = 0;
  private live = false;

  constructor(options: InvalidatingCacheOptions) {
    this.entries = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs });
  }

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (this.live) {
      const hit = this.entries.get(key);
      if (hit !== undefined) return hit;
    }
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && this.live && generation === this.generation)
      this.entries.set(key, value);
    return value;
  }

  invalidate(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether change notifications are arriving: only then may entries be served. */
  setLive(live: boolean): void {
    this.live = live;
    this.invalidateAll();
  }

  get size(): number {
    return this.entries.size;
  }
}
