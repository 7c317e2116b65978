/**
 * The `grape` CLI run in-process with a recording CliIO: every line it prints kept, the store the
 * test holds (kept open across commands), no sleeping, no server. One fake for every CLI test.
 */
import type { CliIO } from '../../../dispatcher/src/cli/cli-io.js';
import { runCli } from '../../../dispatcher/src/cli/program.js';
import type { Store } from '../../../dispatcher/src/store/store.js';

export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

export interface RecordingCliOptions {
  readonly store: Store;
  /** GRAPE_DATA_DIR: admin commands take this data dir's lock, never the checkout's .grape. */
  readonly dataDir: string;
  readonly env?: Record<string, string>;
  readonly version?: string;
  /** Called instead of sleeping (a follow loop's pause). */
  readonly onSleep?: () => Promise<void>;
}

export async function runRecordedCli(
  args: readonly string[],
  options: RecordingCliOptions,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    version: options.version ?? '0.0.0-test',
    out: (l) => void out.push(l),
    err: (l) => void err.push(l),
    env: { GRAPE_DATA_DIR: options.dataDir, ...options.env },
    fetch,
    sleep: async () => options.onSleep?.(),
    // The store stays open across commands; the CLI's close() is a no-op here.
    openStore: async () => ({ ...options.store, close: async () => undefined }),
    serve: async () => undefined,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

/**
 * The CLI's IO against a running dispatcher (GRAPE_URL, GRAPE_TOKEN in `env`): real fetch, follow
 * loops pausing at most 50 ms, no store; what it prints goes to `out` and `err`.
 */
export function remoteCliIO(env: Record<string, string>, out: string[], err: string[]): CliIO {
  return {
    version: 'test',
    out: (l) => void out.push(l),
    err: (l) => void err.push(l),
    env,
    fetch,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
    openStore: () => Promise.reject(new Error('not in this test')),
    serve: async () => undefined,
  };
}
