/** What the CLI touches, injected so commands are testable in-process. */
import type { DatabaseLocation, Store } from '../store/store.js';

export interface CliIO {
  /** The package's version (`grape --version`). */
  readonly version: string;
  out(line: string): void;
  err(line: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  openStore(location: DatabaseLocation): Promise<Store>;
  /** Starts the server (`grape serve`); resolves when it listens. */
  serve(): Promise<void>;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
