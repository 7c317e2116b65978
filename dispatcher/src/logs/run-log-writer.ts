/**
 * Streams a run's output into the store as it arrives (the local executor's child process):
 * split into complete lines (a partial line waits for its end or for the run's end), masked the
 * way the runner masks (log-masker.ts), numbered, and appended one chunk at a time in order. A
 * chunk the database refuses is retried with backoff (p-retry); past that the stream stops (the
 * run goes on; its log file still has everything) and says so once.
 */
import pRetry from 'p-retry';
import type { LogHub } from './log-hub.js';
import { printable } from '../../../src/report/mask-values.js';
import { createLogMasker } from './log-masker.js';
import type { LogSource, RunLogsStore } from './run-logs-store.js';

/** The most one chunk holds (characters), below the route's 64 KiB. */
const MAX_CHUNK = 48 * 1024;

export interface RunLogWriter {
  write(chunk: Buffer | string): void;
  /** Writes the last partial line and waits until everything is stored. */
  end(): Promise<void>;
}

export interface RunLogWriterDeps {
  readonly logs: RunLogsStore;
  readonly hub: LogHub;
  readonly onError?: (error: Error) => void;
  /** Retries of one chunk before the stream gives up (default 5). */
  readonly retries?: number;
}

export function createRunLogWriter(
  deps: RunLogWriterDeps,
  deploymentId: string,
  source: LogSource = 'local',
): RunLogWriter {
  const masker = createLogMasker();
  let partial = '';
  let seq = 0;
  let pending = '';
  let pumping: Promise<void> | undefined;
  let broken = false;
  const decoder = new TextDecoder('utf-8');
  // One append at a time; lines arriving meanwhile go together in the next chunk.
  const pump = async (): Promise<void> => {
    while (pending !== '' && !broken) {
      const body = pending.slice(0, MAX_CHUNK);
      pending = pending.slice(body.length);
      const n = ++seq;
      try {
        await pRetry(() => deps.logs.append(deploymentId, source, n, body), {
          retries: deps.retries ?? 5,
          minTimeout: 50,
          maxTimeout: 2000,
        });
        deps.hub.notify(deploymentId);
      } catch (error) {
        broken = true;
        pending = '';
        deps.onError?.(error as Error);
      }
    }
  };
  const send = (text: string): void => {
    const body = printable(masker.maskLines(text));
    if (body === '' || broken) return;
    pending += body;
    pumping ??= pump().finally(() => {
      pumping = undefined;
    });
  };
  return {
    write(chunk) {
      partial += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      const cut = partial.lastIndexOf('\n');
      if (cut < 0) return;
      send(partial.slice(0, cut + 1));
      partial = partial.slice(cut + 1);
    },
    async end() {
      partial += decoder.decode();
      if (partial !== '') send(`${partial}\n`);
      partial = '';
      while (pumping) await pumping;
    },
  };
}
