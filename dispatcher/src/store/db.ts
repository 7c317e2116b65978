/**
 * The database seam: one SQL dialect (PostgreSQL) reached through the `pg` pool or in-process
 * PGlite. Both return int8 as JS numbers, timestamptz as Date and jsonb as values.
 */
export interface Queryable {
  /**
   * One statement with `$n` parameters; the rows. `prepare`: keep the statement parsed and planned
   * on each connection (for hot statements; only for ones naming their result columns, as a
   * prepared `SELECT *` breaks when a rolling upgrade's migration adds a column).
   */
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface QueryOptions {
  readonly prepare?: boolean;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Receives the NOTIFY payloads of `channel` (sent by any process on the database, delivered when
   * the sending transaction commits). `onListening(false)` says notifications may be missed from
   * now on (connection lost; it is re-established in the background), `onListening(true)` that
   * they flow again. Resolves once listening; the function it returns stops.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  onMessage(payload: string): void;
  onListening(listening: boolean): void;
}

/** SQLSTATE of an error thrown by either driver, when it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const UNIQUE_VIOLATION = '23505';
