/**
 * When a finished run never streamed its log, the first reader has the dispatcher fetch it from
 * the platform (executor.fetchRunLog: GitHub's job log, every job of the run) and keep it as the
 * deployment's log (source `github`), bounded like any run log by the same store: every piece is
 * appended as it arrives, the store keeps the first quarter of GRAPE_LOG_MAX_BYTES and the latest
 * chunks, and a reader gets one `[grape: … N bytes omitted …]` line for the middle, so the end of
 * the last job (where the error is) is always there. Chunks hold at most 48 KiB and a sixteenth of
 * the bound, cut after a whole line where one fits, so the kept start holds whole chunks and the
 * omitted-bytes line stands on its own. Chunks are appended from number 1 with the
 * store's in-order rule, so two replicas backfilling at once store it once.
 * A failure to fetch before anything was stored leaves the log empty (the reader sees
 * `source: null`) and is tried again by the next reader.
 */
import type { Executor } from '../executor/executor.js';
import type { Log } from '../dispatch/dispatch-deps.js';
import type { Deployment } from '../store/records.js';
import type { LogHub } from './log-hub.js';
import type { RunLogsStore } from './run-logs-store.js';

const MAX_CHUNK_CHARS = 48 * 1024;

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
  const chunkChars = Math.max(1024, Math.min(MAX_CHUNK_CHARS, Math.floor(deps.maxBytes / 16)));
  let seq = 0;
  try {
    for await (const piece of deps.executor.fetchRunLog(d.runId)) {
      for (let at = 0; at < piece.length;) {
        // Cut after a whole line where one fits, so the omitted-bytes line stands on its own.
        const newline = piece.lastIndexOf('\n', at + chunkChars - 1);
        const end = newline >= at ? newline + 1 : at + chunkChars;
        const result = await deps.runLogs.append(d.id, 'github', ++seq, piece.slice(at, end));
        if (result.kind !== 'stored') return; // another replica does it
        at = end;
      }
      deps.logHub.notify(d.id);
    }
  } catch (error) {
    deps.log.warn({ deploymentId: d.id, err: error }, "could not fetch the run's log from GitHub");
  }
}
