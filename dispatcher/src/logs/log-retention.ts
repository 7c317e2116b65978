/**
 * GRAPE_LOG_RETENTION_DAYS: deletes the run logs whose last line is older than the retention,
 * hourly (and once at start). Every replica may do it; a delete is idempotent.
 */
import type { Log } from '../dispatch/dispatch-deps.js';
import type { RunLogsStore } from './run-logs-store.js';

const HOUR_MS = 3_600_000;

export function startLogRetention(
  logs: RunLogsStore,
  retentionDays: number,
  clock: () => Date,
  log: Log,
  intervalMs = HOUR_MS,
): () => void {
  const prune = (): void =>
    void logs
      .prune(new Date(clock().getTime() - retentionDays * 24 * HOUR_MS))
      .then((n) => {
        if (n > 0) log.info({ runs: n, retentionDays }, 'deleted run logs past their retention');
      })
      .catch((error: Error) => log.warn({ err: error }, 'could not prune run logs'));
  const timer = setInterval(prune, intervalMs);
  timer.unref();
  setImmediate(prune);
  return () => clearInterval(timer);
}
