/**
 * When a finished run never streamed its log, the first reader has the dispatcher fetch it from
 * the platform (executor.fetchRunLog: GitHub's job log) and keep it as the deployment's log
 * (source `github`), in chunks of at most 48 KiB, bounded like any run log (its start and its
 * end kept). Chunks are appended from number 1 with the store's in-order rule, so two replicas
 * backfilling at once store it once.
 * A failure to fetch leaves the log empty (the reader sees `source: null`) and is tried again by
 * the next reader.
 */
import type { Executor } from '../executor/executor.js';
import type { Log } from '../dispatch/dispatch-deps.js';
import type { Deployment } from '../store/records.js';
import type { LogHub } from './log-hub.js';
import type { RunLogsStore } from './run-logs-store.js';

const CHUNK_CHARS = 48 * 1024;

export async function backfillRunLog(
  deps: {
    readonly executor: Executor;
    readonly runLogs: RunLogsStore;
    readonly logHub: LogHub;
    readonly log: Log;
    readonly maxBytes: number;
  },
  d: Deployment,
): Promise<void> {
  if (d.runId === null || !deps.executor.fetchRunLog) return;
  if (await deps.runLogs.state(d.id)) return;
  let text: string | undefined;
  try {
    text = await deps.executor.fetchRunLog(d.runId, deps.maxBytes);
  } catch (error) {
    deps.log.warn({ deploymentId: d.id, err: error }, "could not fetch the run's log from GitHub");
    return;
  }
  if (!text) return;
  for (let seq = 1, at = 0; at < text.length; seq++, at += CHUNK_CHARS) {
    const result = await deps.runLogs.append(d.id, 'github', seq, text.slice(at, at + CHUNK_CHARS));
    if (result.kind !== 'stored') break; // another replica did it
  }
  deps.logHub.notify(d.id);
}
