/**
 * Wakes the followers of a deployment's log when a chunk is stored, on any replica: migration 006's
 * trigger sends `NOTIFY grape_log, '<deployment id>'` at commit, and this process's own appends
 * wake its followers directly (so a follower on the writing replica never waits for the round
 * trip). Followers also re-read on an interval (log-follower.ts), the fallback while the listening
 * connection is down.
 */
import type { Db } from '../store/db.js';

export const LOG_CHANNEL = 'grape_log';

export interface LogHub {
  /** `wake` runs whenever a chunk of this deployment's log may have been stored. */
  subscribe(deploymentId: string, wake: () => void): () => void;
  notify(deploymentId: string): void;
  /** Starts listening for other replicas' appends; the function it returns stops. */
  listen(db: Db): Promise<() => Promise<void>>;
}

export function createLogHub(): LogHub {
  const followers = new Map<string, Set<() => void>>();
  const notify = (deploymentId: string): void => {
    for (const wake of followers.get(deploymentId) ?? []) wake();
  };
  return {
    subscribe(deploymentId, wake) {
      const set = followers.get(deploymentId) ?? new Set();
      set.add(wake);
      followers.set(deploymentId, set);
      return () => {
        set.delete(wake);
        if (set.size === 0) followers.delete(deploymentId);
      };
    },
    notify,
    listen: (db) =>
      db.listen(LOG_CHANNEL, {
        onMessage: notify,
        onListening: () => undefined,
      }),
  };
}
