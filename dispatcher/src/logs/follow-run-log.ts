/**
 * Follows a deployment's log: yields the chunks stored after `after`, then waits for the next
 * (a wake-up from log-hub.ts, or the poll interval as the fallback), until the deployment has
 * ended and everything stored before its end has been yielded. Stops early when `signal` aborts
 * (the client went away). When the status says what the deployment waits for (describe-wait.ts),
 * `onWaiting` hears of it each time that changes (null: no longer waiting).
 */
import type { LogHub } from './log-hub.js';
import type { LogChunk, RunLogsStore } from './run-logs-store.js';

export interface FollowDeps {
  readonly runLogs: RunLogsStore;
  readonly hub: LogHub;
  /** The deployment's status now, and whether the run can add no more to its log. */
  readonly status: () => Promise<{
    readonly status: string;
    readonly ended: boolean;
    readonly waiting?: string | null;
  }>;
  readonly onWaiting?: (message: string | null) => void;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

export async function* followRunLog(
  deps: FollowDeps,
  deploymentId: string,
  after: number,
): AsyncGenerator<LogChunk[], string | undefined> {
  let last = after;
  let waiting: string | null = null;
  let woken: boolean;
  let wake: (() => void) | undefined;
  const unsubscribe = deps.hub.subscribe(deploymentId, () => {
    woken = true;
    wake?.();
  });
  try {
    for (;;) {
      if (deps.signal?.aborted) return undefined;
      woken = false;
      const state = await deps.status();
      const now = state.waiting ?? null;
      if (now !== waiting) deps.onWaiting?.(now);
      waiting = now;
      // Read after the status: what was stored before the run ended is read now at the latest.
      const chunks = await readAll(deps.runLogs, deploymentId, last);
      if (chunks.length > 0) {
        last = chunks[chunks.length - 1]!.seq;
        yield chunks;
      }
      if (state.ended) return state.status;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, deps.pollMs ?? 1000);
        function done(): void {
          clearTimeout(timer);
          wake = undefined;
          deps.signal?.removeEventListener('abort', done);
          resolve();
        }
        wake = done;
        deps.signal?.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    unsubscribe();
  }
}

async function readAll(logs: RunLogsStore, id: string, after: number): Promise<LogChunk[]> {
  const all: LogChunk[] = [];
  for (let from = after; ;) {
    const page = await logs.read(id, from, 1000);
    all.push(...page);
    if (page.length < 1000) return all;
    from = page[page.length - 1]!.seq;
  }
}
